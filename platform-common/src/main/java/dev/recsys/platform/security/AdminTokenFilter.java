package dev.recsys.platform.security;

import dev.recsys.platform.error.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The roles at the door: {@link AdminOnly} endpoints need the admin token (without one configured
 * they stay closed rather than open); when read tokens are configured, every other {@code /api/v1}
 * request needs a read token or the admin token.
 */
public class AdminTokenFilter {

    private final AccessTokens tokens;

    public AdminTokenFilter(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @AdminOnly
    @ServerRequestFilter
    public Optional<Response> requireAdminToken(ContainerRequestContext request) {
        if (!tokens.adminConfigured()) {
            return Optional.of(problem(401, "admin operations are disabled: no RECSYS_ADMIN_TOKEN is configured"));
        }
        return switch (tokens.roleOf(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            case ADMIN -> Optional.empty();
            case READ -> Optional.of(problem(403, "this operation needs the admin token; a read token only reads"));
            case NONE -> Optional.of(problem(401, request.getHeaderString(HttpHeaders.AUTHORIZATION) == null
                    ? "this operation needs the header 'Authorization: Bearer <admin token>'"
                    : "the admin token is not valid"));
        };
    }

    @ServerRequestFilter
    public Optional<Response> requireReadToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!tokens.readsProtected() || !(path.startsWith("/api/") || path.startsWith("api/"))) {
            return Optional.empty();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (tokens.roleOf(authorization) != AccessTokens.Role.NONE) {
            return Optional.empty();
        }
        return Optional.of(problem(401, authorization == null
                ? "this API needs the header 'Authorization: Bearer <token>' (a read token or the admin token)"
                : "the token is not valid"));
    }

    private static Response problem(int status, String detail) {
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, status == 401 ? "Unauthorized" : "Forbidden", detail));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }
}
