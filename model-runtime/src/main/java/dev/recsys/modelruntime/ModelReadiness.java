package dev.recsys.modelruntime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a model is loaded, or while no version is registered at all (nothing to load yet); the
 * last version that failed to load is shown either way.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final ServingModel serving;
    private final ModelVersionRepository versions;

    public ModelReadiness(ServingModel serving, ModelVersionRepository versions) {
        this.serving = serving;
        this.versions = versions;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("model");
        serving.lastFailure().ifPresent(f -> response.withData("lastLoadFailure", "version " + f.version() + ": "
                + f.reason() + (f.retryAt() == null ? "" : " (next try at " + f.retryAt() + ")")));
        if (serving.current().isPresent()) {
            return response.up().withData("version", serving.current().get().version()).build();
        }
        if (!versions.anyRegistered()) {
            return response.up().withData("version", "none registered yet").build();
        }
        return response.down().withData("version", "not loaded yet").build();
    }
}
