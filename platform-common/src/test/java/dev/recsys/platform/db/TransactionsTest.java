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
