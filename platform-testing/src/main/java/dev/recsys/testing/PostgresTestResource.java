package dev.recsys.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at a fresh database on the embedded PostgreSQL.
 * Use with {@code @QuarkusTestResource(PostgresTestResource.class)} (or {@code @WithTestResource}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String url = EmbeddedPostgresServer.newDatabase("test");
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // The server lives for the whole JVM; each start() gets its own database.
    }
}
