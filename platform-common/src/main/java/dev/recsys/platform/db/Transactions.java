package dev.recsys.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
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

    private Transactions() {
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return run(c, work);
        }
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

    private static <T> T run(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
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
