package dev.recsys.platform.security;

import dev.recsys.platform.error.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@link AdminOnly} endpoints with {@code Authorization: Bearer <RECSYS_ADMIN_TOKEN>}.
 * Without a configured token the admin endpoints stay closed rather than open.
 */
public class AdminTokenFilter {

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> expectedDigest;

    public AdminTokenFilter(@ConfigProperty(name = "recsys.admin-token") Optional<String> adminToken) {
        this.expectedDigest = adminToken.filter(t -> !t.isBlank()).map(AdminTokenFilter::sha256);
    }

    @AdminOnly
    @ServerRequestFilter
    public Optional<Response> requireAdminToken(ContainerRequestContext request) {
        if (expectedDigest.isEmpty()) {
            return Optional.of(unauthorized("admin operations are disabled: no RECSYS_ADMIN_TOKEN is configured"));
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            return Optional.of(unauthorized("this operation needs the header 'Authorization: Bearer <admin token>'"));
        }
        // Comparing fixed-length digests in constant time leaks neither content nor length.
        byte[] given = sha256(header.substring(BEARER.length()).trim());
        if (!MessageDigest.isEqual(given, expectedDigest.get())) {
            return Optional.of(unauthorized("the admin token is not valid"));
        }
        return Optional.empty();
    }

    private static Response unauthorized(String detail) {
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Problem.of(401, "Unauthorized", detail))
                .build();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
