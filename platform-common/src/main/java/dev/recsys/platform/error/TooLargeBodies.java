package dev.recsys.platform.error;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is refused before it is
 * read, as problem+json like every other error (the HTTP layer's own 413 has no body). Runs ahead
 * of the other routes.
 */
@ApplicationScoped
public class TooLargeBodies {

    private final long maxBodyBytes;

    public TooLargeBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                          MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-1_000_000).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= maxBodyBytes) {
                context.next();
                return;
            }
            context.response().setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(new JsonObject().put("type", "about:blank").put("title", "Payload Too Large").put("status", 413)
                            .put("detail", "the request body is " + declared + " bytes, more than the " + maxBodyBytes
                                    + " this service accepts").encode());
        });
    }
}
