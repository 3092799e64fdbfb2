package dev.recsys.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Work that must land whole or not at all: one pooled connection, committed when the work returns
 * and rolled back when it throws, so nothing already stored is half-changed by a failure.
 */
public final class Transactions {

    /** Statements run inside the transaction; {@code c} must not be committed or closed by them. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * How long a request's write waits for a database that sends nothing (a bulk of 10,000 ratings is
     * stored in well under a second): the rest of the request path's latency budget is the caller's retry.
     */
    public static final Duration REQUEST_WRITE_TIMEOUT = Duration.ofSeconds(5);

    private Transactions() {
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return run(c, work);
        }
    }

    /** The same on a connection the caller opened (and closes), with the timeouts it set. */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        return run(c, work);
    }

    /**
     * A read-only transaction that sees one snapshot of the database (repeatable read): what a
     * reader of several tables needs when writers keep adding rows meanwhile.
     */
    public static <T> T inSnapshot(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            return run(c, work);
        }
    }

    /**
     * The commit was sent and no answer came (the connection failed or timed out): the write may or may not have
     * landed. SQLState 08007, "transaction resolution unknown"; answered as "outcome unknown, retry is safe".
     */
    public static final class OutcomeUnknown extends SQLException {
        OutcomeUnknown(SQLException cause) {
            super("the database did not confirm the commit: " + cause.getMessage(), "08007", cause);
        }
    }

    /** Whether {@code failure} is (or is caused by) a write whose commit went unconfirmed ({@link OutcomeUnknown}). */
    public static boolean isOutcomeUnknown(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutcomeUnknown) {
                return true;
            }
        }
        return false;
    }

    private static <T> T run(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            try {
                c.commit();
            } catch (SQLException e) {
                if (Sql.isDatabaseUnavailable(e)) {
                    throw new OutcomeUnknown(e);
                }
                throw e;
            }
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);   // the connection is gone; the server rolls back itself
            }
            throw e;
        }
    }
}
