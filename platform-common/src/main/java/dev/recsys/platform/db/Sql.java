package dev.recsys.platform.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Short statements in their own transaction (job records, reads); bulk work uses JDBC directly. */
@ApplicationScoped
public class Sql {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final AgroalDataSource dataSource;
    /** Client-side limit on waiting for the database's answer; 0: none. */
    private final int networkTimeoutMillis;
    /** How long statements fail at once after the database was found unavailable; 0: never. */
    private final long pauseNanos;
    /** {@link System#nanoTime} before which statements fail at once ({@link #pauseNanos}). */
    private final AtomicLong askAgainAt = new AtomicLong(System.nanoTime());
    /** Set when a statement found the database unavailable; cleared when a statement or the probe gets an answer. */
    private volatile boolean outage;
    /** When the background probe started ({@link #checkOutage}); 0 when none is out. */
    private final AtomicLong probeStartedAt = new AtomicLong();
    /** One daemon thread asks the database again after outages, for every instance. */
    private static final java.util.concurrent.ExecutorService PROBES = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "database-probe");
                thread.setDaemon(true);
                return thread;
            });

    @Inject
    public Sql(AgroalDataSource dataSource) {
        this(dataSource, 0, 0);
    }

    private Sql(AgroalDataSource dataSource, int networkTimeoutMillis, long pauseNanos) {
        this.dataSource = dataSource;
        this.networkTimeoutMillis = networkTimeoutMillis;
        this.pauseNanos = pauseNanos;
    }

    /**
     * The same statements, each given up when the database sends nothing for {@code timeout}: for
     * request paths that have a degraded answer, so that a database that hangs (stopped, its host
     * frozen, the network partitioned) costs a request this long instead of until it answers again.
     * The connection is then closed (the pool replaces it) and the failure is one that
     * {@link #isDatabaseUnavailable} recognises.
     */
    public Sql withNetworkTimeout(Duration timeout) {
        return new Sql(dataSource, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())), pauseNanos);
    }

    /**
     * The same statements, failing at once after one found the database unavailable (refused, lost, or
     * silent past the network timeout) until a background probe, sent every {@code pause}, gets an
     * answer: for a request path, so that only the requests in flight when an outage began wait for the
     * database and the rest answer within their normal latency.
     */
    public Sql pausingAfterOutage(Duration pause) {
        return new Sql(dataSource, networkTimeoutMillis, pause.toNanos());
    }

    /** Failed at once: the database was found unavailable less than the pause ago. */
    static final class DatabasePaused extends SQLTransientConnectionException {
        DatabasePaused(long millisLeft) {
            super("the database did not answer a moment ago; asked again in " + millisLeft + " ms", "08001");
        }
    }

    /** {@code failure}, after starting the pause when it shows the database unavailable ({@link #pausingAfterOutage}). */
    SQLException noted(SQLException failure) {
        if (pauseNanos > 0 && !(failure instanceof DatabasePaused) && isDatabaseUnavailable(failure)) {
            askAgainAt.set(System.nanoTime() + pauseNanos);
            outage = true;
        }
        return failure;
    }

    /** A statement got its answer: the outage, if any, is over. */
    void answered() {
        if (outage) {
            outage = false;
        }
    }

    /**
     * Whether this request may ask the database now: always without an outage; during one, never: requests fail at
     * once, and once the pause is over a background probe ({@code SELECT 1} with the network timeout) asks the database
     * again, ending the outage when it answers and starting a new pause when it does not. So no request waits for a
     * database found silent, however long the outage.
     */
    private void checkOutage() throws DatabasePaused {
        if (pauseNanos == 0 || !outage) {
            return;
        }
        long now = System.nanoTime();
        long wait = askAgainAt.get() - now;
        if (wait <= 0 && probeStartedAt.compareAndSet(0, now)) {
            PROBES.execute(this::probe);
        }
        throw new DatabasePaused(Math.max(1, wait / 1_000_000));
    }

    private void probe() {
        try (Connection c = dataSource.getConnection()) {
            // Bounded even without a request timeout: the one probe thread serves every instance.
            c.setNetworkTimeout(Runnable::run, networkTimeoutMillis > 0 ? networkTimeoutMillis : 1_000);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            answered();
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SQLException failure) {
                noted(failure);
            }
            if (!isDatabaseUnavailable(e)) {
                answered();   // the database answered, with an error of another kind
            }
        } finally {
            probeStartedAt.set(0);
        }
    }

    /**
     * A pooled connection with this instance's network timeout (the pool restores its own on return), refused at
     * once during an outage; its user reports failures through {@link #noted} and answers through {@link #answered}
     * ({@link RequestDatabase} does).
     */
    Connection boundedConnection() throws SQLException {
        return connection();
    }

    private Connection connection() throws SQLException {
        checkOutage();
        Connection c = dataSource.getConnection();
        if (networkTimeoutMillis > 0) {
            try {
                c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            answered();
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), noted(e));
        }
    }

    /**
     * Runs an {@code INSERT ... RETURNING} and maps its row; a unique violation (another job already
     * queued or running, say) becomes the caller's exception instead of a 500.
     */
    public <T> T insertUnique(String sql, RowMapper<T> mapper, Supplier<? extends RuntimeException> onConflict,
                              Object... args) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                answered();
                return mapper.map(rs);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw onConflict.get();
            }
            throw new IllegalStateException("insert failed: " + e.getMessage(), noted(e));
        }
    }

    public int update(String sql, Object... args) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            int changed = ps.executeUpdate();
            answered();
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + e.getMessage(), noted(e));
        }
    }

    /**
     * Whether a failure means the database cannot be reached now (connection refused or lost, server
     * shutting down or starting, no pooled connection in time), as opposed to a bad statement.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e) {
                String state = e.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
                    return true;
                }
                if (state == null && e.getMessage() != null && e.getMessage().contains("acquisition timeout")) {
                    return true;
                }
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure is the pool's: no pooled connection became free in time (every one in use, or a new one slow
     * to open). The database may well be answering, so such a failure must not be reported as its outage.
     */
    public static boolean isPoolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() == null && e.getMessage() != null
                    && e.getMessage().contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** Whether PostgreSQL refused a text value because it holds a NUL character. */
    public static boolean isNulCharacter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && "22021".equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
