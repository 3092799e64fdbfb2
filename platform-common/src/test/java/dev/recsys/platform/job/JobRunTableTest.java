package dev.recsys.platform.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.platform.PlatformDatabase;
import dev.recsys.platform.db.Sql;
import io.agroal.api.AgroalDataSource;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobRunTableTest {

    static AgroalDataSource dataSource;
    static Sql sql;
    static JobRunTable<Long> runs;

    @BeforeAll
    static void database() throws SQLException {
        dataSource = PlatformDatabase.create("job_runs");
        sql = new Sql(dataSource);
        sql.update("CREATE SCHEMA jobs");
        sql.update("""
                CREATE TABLE jobs.runs (id bigint PRIMARY KEY, status text NOT NULL, finished_at timestamptz,
                    heartbeat_at timestamptz, error text, cancel_requested boolean NOT NULL DEFAULT false, worker text,
                    kind text)""");
        runs = new JobRunTable<>(sql, "jobs.runs", "id", rs -> rs.getLong("id"));
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void runs() {
        sql.update("DELETE FROM jobs.runs");
        sql.update("""
                INSERT INTO jobs.runs (id, status, heartbeat_at, worker, kind) VALUES
                    (1, 'QUEUED', now(), 'host-a:100', 'full'),
                    (2, 'RUNNING', now() - interval '10 minutes', 'host-a:100', 'shard'),
                    (3, 'RUNNING', now(), 'host-b:200', 'full'),
                    (4, 'SUCCEEDED', now() - interval '10 minutes', 'host-a:100', 'full')""");
    }

    @Test
    void onlyAQueuedOrRunningJobCanBeAskedToStop() {
        assertTrue(runs.requestCancel(1));
        assertTrue(runs.requestCancel(3));
        assertFalse(runs.requestCancel(4), "finished");
        assertFalse(runs.requestCancel(99), "unknown");
        assertEquals(List.of(1L, 3L), ids("cancel_requested"));
    }

    @Test
    void aRestartedWorkerFailsWhatItLeftActiveAndNothingElse() {
        assertEquals(2, runs.failOrphaned("host-a:100", "the worker restarted"));
        assertEquals(List.of(1L, 2L), ids("status = 'FAILED' AND error = 'the worker restarted' AND finished_at IS NOT NULL"));
        assertEquals(List.of(3L), ids("status = 'RUNNING'"));
    }

    @Test
    void runsWithoutARecentHeartbeatFailNarrowedByTheExtraCondition() {
        assertEquals(0, runs.failAbandoned(300, "no heartbeat", "AND kind = 'full'"));
        assertEquals(1, runs.failAbandoned(300, "no heartbeat", ""));
        assertEquals(List.of(2L), ids("status = 'FAILED' AND error = 'no heartbeat'"));
    }

    private static List<Long> ids(String condition) {
        return sql.query("SELECT id FROM jobs.runs WHERE " + condition + " ORDER BY id", rs -> rs.getLong(1));
    }
}
