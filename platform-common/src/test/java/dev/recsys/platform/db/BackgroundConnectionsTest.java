package dev.recsys.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recsys.platform.PlatformDatabase;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BackgroundConnectionsTest {

    private static final long[] SHORT_WAITS = {1, 1, 1};

    static AgroalDataSource dataSource;

    @BeforeAll
    static void database() throws SQLException {
        dataSource = PlatformDatabase.create("background_connections");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void aConnectionThatTimesOutTwiceIsAskedForAgainAndWorks() throws SQLException {
        AtomicInteger tries = new AtomicInteger();
        BackgroundConnections.Opener slowTwice = () -> {
            if (tries.incrementAndGet() <= 2) {
                throw new SQLException("Connection attempt timed out.", "08001");
            }
            return dataSource.getConnection();
        };
        try (Connection c = BackgroundConnections.open(slowTwice, SHORT_WAITS);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
            rs.next();
            assertEquals(42, rs.getInt(1));
        }
        assertEquals(3, tries.get());
    }

    @Test
    void aDatabaseStillUnavailableAfterEveryWaitFailsWithItsLastError() {
        AtomicInteger tries = new AtomicInteger();
        SQLException refused = new SQLException("Connection to db:5432 refused.", "08001");
        SQLException thrown = assertThrows(SQLException.class, () -> BackgroundConnections.open(() -> {
            tries.incrementAndGet();
            throw refused;
        }, SHORT_WAITS));
        assertSame(refused, thrown);
        assertEquals(4, tries.get(), "one try and one after each of the three waits");
    }

    @Test
    void aFailureThatIsNotAboutReachingTheDatabaseIsNotRetried() {
        AtomicInteger tries = new AtomicInteger();
        SQLException badPassword = new SQLException("password authentication failed for user \"recsys\"", "28P01");
        assertSame(badPassword, assertThrows(SQLException.class, () -> BackgroundConnections.open(() -> {
            tries.incrementAndGet();
            throw badPassword;
        }, SHORT_WAITS)));
        assertEquals(1, tries.get());
    }
}
