package dev.recsys.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The database as a request's reads see it, the same in every service: each read gives up when the database
 * sends nothing for {@code recsys.db.request-timeout-millis} (1 s; stopped, its host frozen, the network cut), and
 * after one found it unavailable the next reads fail at once for {@code recsys.db.pause-after-outage-millis} (2 s),
 * while a background probe asks it again (every pause, until it answers), so that a frozen database costs the
 * requests in flight when it froze a 503 within the timeout and every later one a 503 at once, instead of holding
 * them until the database returns; an outage under load does not hold the request threads. Background work (jobs, their records) uses {@link Sql} and its own timeouts.
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

    /**
     * A pooled connection with the request bounds, for reads that need JDBC itself (several statements, arrays); their
     * failures go through {@link #failed}, so that one that found the database silent spares the next reads the wait.
     */
    public Connection connection() throws SQLException {
        Connection pooled = sql.boundedConnection();
        // Closed after its reads: they were answered (a failure is reported after the close, through failed()).
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0 && !pooled.isClosed()) {
                        sql.answered();
                    }
                    try {
                        return method.invoke(pooled, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * A request's write, in one transaction, waiting at most {@link Transactions#REQUEST_WRITE_TIMEOUT} for a database
     * that sends nothing, and refused at once while the reads' pause after an outage lasts: under a write storm through
     * an outage, only the first writes wait, so every write is answered within the timeout and request threads are
     * not all held by the outage. The outcome of one whose commit went unanswered is unknown
     * ({@link Transactions.OutcomeUnknown}); such work must be safe to send again.
     */
    public <T> T write(Transactions.Work<T> work) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = sql.boundedConnection()) {
            // The timeout counts from the request's arrival: a wait for a pooled connection is part of it.
            long left = Transactions.REQUEST_WRITE_TIMEOUT.toMillis() - (System.nanoTime() - started) / 1_000_000;
            c.setNetworkTimeout(Runnable::run, (int) Math.max(500, left));
            T result = Transactions.inTransaction(c, work);
            sql.answered();
            return result;
        } catch (SQLException e) {
            throw sql.noted(e);
        }
    }

    /** The exception to throw for a failed read on a {@link #connection()}: an outage it shows starts the pause. */
    public IllegalStateException failed(String what, SQLException failure) {
        return new IllegalStateException(what + ": " + failure.getMessage(), sql.noted(failure));
    }
}
