package dev.recsys.platform.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.security.AccessTokens;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-client token buckets and the turns of expensive work, without a running service. */
class RequestLimitsTest {

    @Test
    void aClientGetsItsBurstThenWaitsWhileOthersGoOn() {
        ClientRateLimits limits = new ClientRateLimits(new AccessTokens(Optional.of("admin"), Optional.empty()), 2, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limits.tryTake("10.0.0.1"), "request " + i + " of the burst");
        }
        long wait = limits.tryTake("10.0.0.1");
        assertTrue(wait > 0 && wait <= 500_000_000L, "2 a second: the next token within 0.5 s, not " + wait);
        assertEquals(0, limits.tryTake("10.0.0.2"), "another client has its own bucket");
    }

    @Test
    void expensiveWorkBeyondItsConcurrencyIsBusyAfterItsWait() throws Exception {
        ExpensiveWork work = new ExpensiveWork(1, 200, 10_000, null);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<String> first = other.submit(() -> work.run(() -> {
                running.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "done";
            }));
            running.await(5, TimeUnit.SECONDS);
            long started = System.nanoTime();
            ProblemException busy = assertThrows(ProblemException.class, () -> work.run(() -> "second"));
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(waitedMillis >= 150 && waitedMillis < 2_000, "waited " + waitedMillis + " ms for its turn");
            assertEquals(503, busy.toProblem().status());
            assertTrue(busy.toProblem().detail().startsWith("busy: 1 expensive request is running"), busy.toProblem().detail());
            assertEquals(Optional.of(1), busy.retryAfterSeconds());
            release.countDown();
            assertEquals("done", first.get(5, TimeUnit.SECONDS));
            assertEquals("nested", work.run(() -> work.run(() -> "nested")), "work inside work runs in its turn");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void workPastItsDeadlineStopsAtItsNextCheckpoint() {
        ExpensiveWork work = new ExpensiveWork(1, 200, 50, null);
        ProblemException late = assertThrows(ProblemException.class, () -> work.run(() -> {
            for (int i = 0; i < 1_000; i++) {
                ExpensiveWork.checkpoint();
                sleep(10);
            }
            return "never";
        }));
        assertEquals(503, late.toProblem().status());
        assertTrue(late.toProblem().detail().contains("time budget"), late.toProblem().detail());
        ExpensiveWork.checkpoint();   // outside any work: nothing to stop
        assertEquals("ok", work.run(() -> "ok"), "the turn was given back");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
