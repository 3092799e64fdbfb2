package dev.recsys.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The database as a request's reads see it, the same in every service: each read gives up when the database
 * sends nothing for {@code recsys.db.request-timeout-millis} (1 s; stopped, its host frozen, the network cut), and
 * after one found it unavailable the next reads fail at once for {@code recsys.db.pause-after-outage-millis} (2 s)
 * before asking it again, so that a frozen database costs a request a 503 within the timeout instead of holding it
 * until the database returns. Background work (jobs, their records) uses {@link Sql} and its own timeouts.
 */
@ApplicationScoped
public class RequestDatabase {

    private final Sql sql;

    public RequestDatabase(Sql sql,
                           @ConfigProperty(name = "recsys.db.request-timeout-millis", defaultValue = "1000") long timeoutMillis,
                           @ConfigProperty(name = "recsys.db.pause-after-outage-millis", defaultValue = "2000") long pauseMillis) {
        this.sql = sql.withNetworkTimeout(Duration.ofMillis(timeoutMillis)).pausingAfterOutage(Duration.ofMillis(pauseMillis));
    }

    /** Short statements with the request bounds. */
    public Sql sql() {
        return sql;
    }

    /** A pooled connection with the request bounds, for reads that need JDBC itself (several statements, arrays). */
    public Connection connection() throws SQLException {
        return sql.boundedConnection();
    }
}
