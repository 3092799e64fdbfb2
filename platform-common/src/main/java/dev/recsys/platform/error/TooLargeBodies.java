package dev.recsys.platform.error;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body larger than {@code quarkus.http.limits.max-body-size} is refused as problem+json like every
 * other error (the HTTP layer's own 413 has no body). A declared length is checked before any body is
 * read; a chunked body (no length declared) is read up to the limit, and refused the moment it
 * crosses it, with the one answer this handler writes (the HTTP layer used to answer 413 and then
 * have a second answer written to the same request, logged as an error). Runs ahead of the other routes.
 */
@ApplicationScoped
public class TooLargeBodies {

    private final long maxBodyBytes;
    private final BodyHandler chunkedBodies;

    public TooLargeBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                          MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    }

    void install(@Observes Router router) {
        router.route().order(-1_000_000).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length == null) {
                String encoding = context.request().getHeader("Transfer-Encoding");
                if (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                    // Read here, up to the limit: the REST layer takes the body read (or this 413) from the context.
                    chunkedBodies.handle(context);
                } else {
                    context.next();
                }
                return;
            }
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= maxBodyBytes) {
                context.next();
                return;
            }
            refuse(context, "the request body is " + declared + " bytes, more than the " + maxBodyBytes
                    + " this service accepts");
        }).failureHandler(context -> {
            if (context.statusCode() == 413) {
                if (!context.response().ended() && !context.response().headWritten()) {
                    refuse(context, "the request body is larger than the " + maxBodyBytes + " bytes this service accepts");
                }
                return;
            }
            context.next();
        });
    }

    private static void refuse(io.vertx.ext.web.RoutingContext context, String detail) {
        context.response().setStatusCode(413)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(new JsonObject().put("type", "about:blank").put("title", "Payload Too Large").put("status", 413)
                        .put("detail", detail).encode());
    }
}
