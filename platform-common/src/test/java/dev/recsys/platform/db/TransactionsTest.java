package dev.recsys.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.platform.PlatformDatabase;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionsTest {

    static AgroalDataSource dataSource;

    @BeforeAll
    static void database() throws SQLException {
        dataSource = PlatformDatabase.create("transactions");
        execute("CREATE TABLE items (id integer PRIMARY KEY)");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        execute("DELETE FROM items");
    }

    @Test
    void workThatReturnsIsCommittedWithItsResult() throws SQLException {
        int inserted = Transactions.inTransaction(dataSource, c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO items VALUES (1), (2)");
            }
        });
        assertEquals(2, inserted);
        assertEquals(List.of(1, 2), ids());
    }

    @Test
    void workThatThrowsLeavesNothingBehind() throws SQLException {
        SQLException duplicate = assertThrows(SQLException.class, () -> Transactions.inTransaction(dataSource, c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO items VALUES (1)");
                return s.executeUpdate("INSERT INTO items VALUES (1)");
            }
        }));
        assertEquals("23505", duplicate.getSQLState());
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Transactions.inTransaction(dataSource, c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO items VALUES (3)");
            }
            throw new IllegalStateException("the file ended early");
        }));
        assertEquals("the file ended early", failure.getMessage());
        assertEquals(List.of(), ids());
    }

    @Test
    void aSnapshotDoesNotSeeRowsCommittedWhileItReadsAndCannotWrite() throws SQLException {
        execute("INSERT INTO items VALUES (1)");
        List<Integer> secondRead = Transactions.inSnapshot(dataSource, c -> {
            assertEquals(1, count(c));
            execute("INSERT INTO items VALUES (2)");   // another connection, committed
            return List.of(count(c));
        });
        assertEquals(List.of(1), secondRead);
        assertEquals(List.of(1, 2), ids());

        SQLException readOnly = assertThrows(SQLException.class, () -> Transactions.inSnapshot(dataSource, c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO items VALUES (3)");
            }
        }));
        assertTrue(readOnly.getMessage().contains("read-only transaction"), readOnly.getMessage());
    }

    @Test
    void aCommitThatGetsNoAnswerIsAnOutcomeUnknownNotAFailure() {
        // A connection of its own, outside the pool: the one whose backend is terminated must not be handed out again.
        org.postgresql.ds.PGSimpleDataSource single = new org.postgresql.ds.PGSimpleDataSource();
        single.setURL(dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl());
        single.setUser("postgres");
        single.setPassword("postgres");
        SQLException failure = assertThrows(SQLException.class, () -> Transactions.inTransaction(single, c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO items VALUES (7)");
                int pid;
                try (var rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pid = rs.getInt(1);
                }
                // The connection dies before its commit is answered, as when the database or the network fails.
                execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            return null;
        }));
        assertTrue(failure instanceof Transactions.OutcomeUnknown, failure.toString());
        assertEquals("08007", failure.getSQLState());
        assertTrue(Transactions.isOutcomeUnknown(new IllegalStateException("could not store", failure)));
        assertTrue(Sql.isDatabaseUnavailable(failure));
    }

    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<Integer> ids() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM items ORDER BY id")) {
            List<Integer> ids = new java.util.ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            return ids;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
