package dev.recsys.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.platform.PlatformDatabase;
import dev.recsys.testing.StoppablePostgres;
import io.agroal.api.AgroalDataSource;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request's reads through a frozen PostgreSQL (SIGSTOP): the read in flight gives up after its timeout, every read
 * after it fails at once while the database stays silent (a background probe asks it, never a request), and reads
 * answer again soon after it returns.
 */
class RequestDatabaseTest {

    static AgroalDataSource dataSource;
    static RequestDatabase database;

    @BeforeAll
    static void database() throws SQLException {
        dataSource = PlatformDatabase.pool(StoppablePostgres.get().jdbcUrl());
        database = new RequestDatabase(new Sql(dataSource), 300, 500);
    }

    @AfterAll
    static void close() {
        dataSource.close();
        StoppablePostgres.get().stop();
    }

    @Test
    void onlyTheReadInFlightWaitsForAFrozenDatabase() throws InterruptedException {
        assertEquals(List.of(1), database.sql().query("SELECT 1", rs -> rs.getInt(1)));
        StoppablePostgres.get().freeze();
        long slowest;
        try {
            long started = System.nanoTime();
            RuntimeException first = assertThrows(RuntimeException.class, () -> database.sql().query("SELECT 1", rs -> 1));
            long firstMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(Sql.isDatabaseUnavailable(first), first.toString());
            assertTrue(firstMillis >= 250 && firstMillis < 1_500, "the read in flight waited its 300 ms: " + firstMillis);
            // For 3 s (six pauses, each ending in a background probe that finds the database still silent):
            slowest = 0;
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                long t = System.nanoTime();
                assertThrows(RuntimeException.class, () -> database.sql().query("SELECT 1", rs -> 1));
                slowest = Math.max(slowest, (System.nanoTime() - t) / 1_000_000);
                Thread.sleep(20);
            }
        } finally {
            StoppablePostgres.get().thaw();
        }
        assertTrue(slowest < 100, "no later read waited for the database: the slowest took " + slowest + " ms");
        long back = System.nanoTime() + 5_000_000_000L;
        List<Integer> answer = List.of();
        while (answer.isEmpty() && System.nanoTime() < back) {
            try {
                answer = database.sql().query("SELECT 1", rs -> rs.getInt(1));
            } catch (RuntimeException e) {
                Thread.sleep(250);
            }
        }
        assertEquals(List.of(1), answer, "answered again once the database is back");
    }
}
