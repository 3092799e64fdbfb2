package dev.recsys.modelruntime;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a model is loaded, or while the registry has no active version (nothing to load yet),
 * never before the model watcher has read the registry once; the last version that failed to load
 * is shown either way. Reads only what the model watcher keeps in memory, and answers on the I/O
 * thread (an asynchronous check), so readiness answers at once even while every request thread is
 * busy and while the database hangs.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements AsyncHealthCheck {

    private final ServingModel serving;

    public ModelReadiness(ServingModel serving) {
        this.serving = serving;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::check);
    }

    private HealthCheckResponse check() {
        var response = HealthCheckResponse.named("model");
        serving.lastFailure().ifPresent(f -> response.withData("lastLoadFailure", "version " + f.version() + ": "
                + f.reason() + (f.retryAt() == null ? "" : " (next try at " + f.retryAt() + ")")));
        if (serving.current().isPresent()) {
            return response.up().withData("version", serving.current().get().version()).build();
        }
        Optional<Boolean> active = serving.activeVersionSeen();
        if (active.isEmpty()) {
            return response.down().withData("version", "registry not read yet").build();
        }
        if (!active.get()) {
            return response.up().withData("version", "none active yet").build();
        }
        return response.down().withData("version", "not loaded yet").build();
    }
}
