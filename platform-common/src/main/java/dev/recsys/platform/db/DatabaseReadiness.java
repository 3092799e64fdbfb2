package dev.recsys.platform.db;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the database answers a {@code SELECT 1} within the request bounds ({@link RequestDatabase}): for the
 * services that can do nothing without it (ingestion, training; {@code recsys.health.database-readiness=true} at
 * build time). Unlike the datasource's own check, it answers DOWN within a second when the database hangs instead
 * of holding the probe until it returns. The services that serve from memory leave it off.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "recsys.health.database-readiness", stringValue = "true")
public class DatabaseReadiness implements HealthCheck {

    private final RequestDatabase database;

    public DatabaseReadiness(RequestDatabase database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            database.sql().query("SELECT 1", rs -> rs.getInt(1));
            return HealthCheckResponse.up("database");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("database").down()
                    .withData("reason", Sql.isDatabaseUnavailable(e) ? "the database does not answer" : e.getMessage())
                    .build();
        }
    }
}
