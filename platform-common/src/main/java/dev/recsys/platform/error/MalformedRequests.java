package dev.recsys.platform.error;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Requests the HTTP layer would refuse with an empty body, refused as problem+json instead, ahead of every other
 * route: a request target longer than {@code recsys.http.max-uri-length} (414; the HTTP layer's own limit,
 * {@code quarkus.http.limits.max-initial-line-length}, is set higher so that this one answers first) and a path or
 * query string that is not valid percent-encoding (400).
 */
@ApplicationScoped
public class MalformedRequests {

    private final int maxUriLength;

    public MalformedRequests(@ConfigProperty(name = "recsys.http.max-uri-length", defaultValue = "8192") int maxUriLength) {
        this.maxUriLength = maxUriLength;
    }

    void install(@Observes Router router) {
        router.route().order(-1_000_001).handler(context -> {
            String uri = context.request().uri();
            if (uri.length() > maxUriLength) {
                refuse(context, 414, "URI Too Long", "the request target is " + uri.length() + " characters, more than the "
                        + maxUriLength + " this service accepts; send long input in a POST body");
                return;
            }
            String malformed = malformedPart(uri);
            if (malformed != null) {
                refuse(context, 400, "Bad Request", "the request's " + malformed + " is not valid percent-encoding (each % "
                        + "must be followed by two hexadecimal digits, and the bytes must be UTF-8)");
                return;
            }
            context.next();
        });
    }

    /** "path" or "query string" when that part does not decode; null when both do. */
    static String malformedPart(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (!decodes(path)) {
            return "path";
        }
        return query >= 0 && !decodes(uri.substring(query + 1)) ? "query string" : null;
    }

    private static boolean decodes(String part) {
        if (part.indexOf('%') < 0) {
            return true;
        }
        try {
            String decoded = URLDecoder.decode(part, StandardCharsets.UTF_8);
            // Bytes that are not UTF-8 decode to the replacement character: refused rather than read as text.
            return decoded.indexOf('\uFFFD') < 0 || part.toUpperCase(java.util.Locale.ROOT).contains("%EF%BF%BD");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext context, int status, String title, String detail) {
        context.response().setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                        .put("detail", detail).encode());
    }
}
