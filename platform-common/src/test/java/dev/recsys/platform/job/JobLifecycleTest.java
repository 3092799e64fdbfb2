package dev.recsys.platform.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.platform.PlatformDatabase;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import io.agroal.api.AgroalDataSource;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared job life cycle against a real PostgreSQL table shaped like the services' run tables. */
class JobLifecycleTest {

    record TestRun(long id, JobStatus status, String error) implements JobRun {
    }

    static AgroalDataSource dataSource;
    static Sql sql;
    static JobRunTable<TestRun> table;
    static JobLifecycle<TestRun> jobs;

    @BeforeAll
    static void database() throws SQLException {
        dataSource = PlatformDatabase.create("job_lifecycle");
        sql = new Sql(dataSource);
        sql.update("""
                CREATE SCHEMA jobs CREATE TABLE test_runs (id bigserial PRIMARY KEY, status text NOT NULL, started_at timestamptz,
                    finished_at timestamptz, heartbeat_at timestamptz, error text,
                    cancel_requested boolean NOT NULL DEFAULT false, worker text, steps jsonb)""");
        table = new JobRunTable<>(sql, "jobs.test_runs", "id, status, error",
                rs -> new TestRun(rs.getLong("id"), JobStatus.valueOf(rs.getString("status")), rs.getString("error")));
        jobs = new JobLifecycle<>("test run", "test", table);
    }

    @AfterAll
    static void close() {
        jobs.shutdown();
        dataSource.close();
    }

    @Test
    void aCancelledRunStopsAndEndsCancelled() throws Exception {
        TestWork work = new TestWork((id, cancellation) -> {
            while (true) {
                cancellation.throwIfCancelled();
                Thread.sleep(5);
            }
        });
        startAndAwaitRunning(work);
        assertEquals(JobStatus.RUNNING, jobs.cancel(work.id).status());

        TestRun ended = awaitEnd(work.id);
        assertEquals(JobStatus.CANCELLED, ended.status());
        assertEquals("cancelled: nothing kept", ended.error());
        assertEquals(JobStatus.CANCELLED, work.finishedWith, "the work recorded its own columns with the end");
    }

    @Test
    void aCancelTakenByTheRunsReplicaAbortsWhatTheRunIsBlockedInAtOnce() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        TestWork work = new TestWork((id, cancellation) -> {
            cancellation.attachAbort(aborted::countDown);   // as an ingestion cancels its running SQL statement
            if (!aborted.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never aborted");
            }
            throw new IllegalStateException("canceling statement due to user request");
        });
        work.reportsIgnoreCancel = true;   // only the request reaching this process can stop it
        startAndAwaitRunning(work);
        jobs.cancel(work.id);

        TestRun ended = awaitEnd(work.id);
        assertEquals(JobStatus.CANCELLED, ended.status());
        assertEquals("cancelled: nothing kept", ended.error());
    }

    @Test
    void aCancelStoredByAnotherReplicaReachesTheRunAtItsNextProgressReport() throws Exception {
        TestWork work = new TestWork((id, cancellation) -> {
            while (!cancellation.isRequested()) {   // as a long SQL statement would block
                Thread.sleep(5);
            }
            throw new IllegalStateException("a statement aborted by the cancel");
        });
        startAndAwaitRunning(work);
        JobLifecycle<TestRun> otherReplica = new JobLifecycle<>("test run", "test", table);
        otherReplica.cancel(work.id);

        TestRun ended = awaitEnd(work.id);
        assertEquals(JobStatus.CANCELLED, ended.status(), "a failure after the cancel counts as the cancel");
        assertEquals("cancelled: nothing kept", ended.error());
        otherReplica.shutdown();
    }

    @Test
    void aFailedRunEndsFailedWithItsMessage() {
        TestWork work = new TestWork((id, cancellation) -> {
            throw new IllegalArgumentException("no data");
        });
        assertEquals(JobStatus.FAILED, jobs.execute(work.id, work));

        TestRun ended = jobs.get(work.id);
        assertEquals(JobStatus.FAILED, ended.status());
        assertEquals("failed: no data", ended.error());
        assertEquals(1, count("finished_at IS NOT NULL AND started_at IS NOT NULL AND id = " + work.id));
    }

    @Test
    void aFinishedRunSucceededAndCannotBeCancelled() {
        TestWork work = new TestWork((id, cancellation) ->
                table.finish(id, JobStatus.SUCCEEDED, null, ColumnValues.json("steps", "[1, 2, 3]")));
        assertEquals(JobStatus.SUCCEEDED, jobs.execute(work.id, work));

        TestRun ended = jobs.get(work.id);
        assertEquals(JobStatus.SUCCEEDED, ended.status());
        assertNull(ended.error());
        assertEquals(1, count("steps = '[1, 2, 3]' AND id = " + work.id));
        ProblemException conflict = assertThrows(ProblemException.class, () -> jobs.cancel(work.id));
        assertEquals(409, conflict.status());
        assertEquals("test run " + work.id + " is already SUCCEEDED; only a queued or running test can be cancelled",
                conflict.getMessage());
        assertEquals(JobStatus.SUCCEEDED, jobs.get(work.id).status(), "a refused cancel changes nothing");
    }

    @Test
    void anUnknownRunIsNotFound() {
        ProblemException missing = assertThrows(ProblemException.class, () -> jobs.cancel(987_654));
        assertEquals(404, missing.status());
        assertEquals("no test run with id 987654", missing.getMessage());
    }

    @Test
    void aRunCancelledWhileQueuedNeverRuns() {
        TestWork work = new TestWork((id, cancellation) -> {
            throw new AssertionError("a cancelled run must not run");
        });
        jobs.cancel(work.id);
        assertEquals(JobStatus.CANCELLED, jobs.execute(work.id, work));
        assertEquals(JobStatus.CANCELLED, jobs.get(work.id).status());
    }

    private static void startAndAwaitRunning(TestWork work) throws InterruptedException {
        jobs.start(jobs.get(work.id), work);
        assertTrue(work.started.await(10, TimeUnit.SECONDS));
    }

    private static long queued() {
        return sql.query("INSERT INTO jobs.test_runs (status) VALUES ('QUEUED') RETURNING id", rs -> rs.getLong(1)).get(0);
    }

    private static int count(String condition) {
        return sql.query("SELECT count(*) FROM jobs.test_runs WHERE " + condition, rs -> rs.getInt(1)).get(0);
    }

    private static TestRun awaitEnd(long id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        TestRun run = jobs.get(id);
        while (run.status().isActive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            run = jobs.get(id);
        }
        return run;
    }

    /** A queued run doing {@code body}; it records its steps with each report and its end. */
    static final class TestWork implements JobWork {

        interface Body {
            void run(long id, CancellationToken cancellation) throws Exception;
        }

        final long id = queued();
        final CountDownLatch started = new CountDownLatch(1);
        final Body body;
        volatile JobStatus finishedWith;
        volatile boolean reportsIgnoreCancel;

        TestWork(Body body) {
            this.body = body;
        }

        @Override
        public void run(CancellationToken cancellation) throws Exception {
            started.countDown();
            body.run(id, cancellation);
        }

        @Override
        public boolean reportProgress() {
            return table.reportProgress(id, ColumnValues.json("steps", "[1]")).orElse(false) && !reportsIgnoreCancel;
        }

        @Override
        public void finish(JobStatus status, String error) {
            finishedWith = status;
            table.finish(id, status, error, ColumnValues.json("steps", "[1]"));
        }

        @Override
        public String failure(Throwable failure) {
            return "failed: " + failure.getMessage();
        }

        @Override
        public String cancelledError() {
            return "cancelled: nothing kept";
        }
    }
}
