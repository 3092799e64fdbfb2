package dev.recsys.platform.limits;

import dev.recsys.platform.error.ProblemException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The request work that costs CPU (embedding a text, scoring scenarios, searching every vector): at most
 * {@code recsys.expensive-work.concurrency} requests at once (default half the cores, at least one), so that the
 * other cores keep serving cheap requests; a request that waits more than {@code recsys.expensive-work.wait-millis}
 * for its turn is a 503 "busy" with {@code Retry-After}. Inside, long loops call {@link #checkpoint()}: the work stops
 * when its client has hung up or its deadline ({@code recsys.expensive-work.deadline-millis}) has passed.
 */
@ApplicationScoped
public class ExpensiveWork {

    /** Thrown at a checkpoint when the client is gone: nobody reads the answer, so none is logged as an error. */
    public static final class ClientGone extends RuntimeException {
        ClientGone() {
            super("the client closed the connection; the work was stopped", null, false, false);
        }
    }

    private record Running(long deadlineNanos, RoutingContext request) {
    }

    private static final ThreadLocal<Running> RUNNING = new ThreadLocal<>();

    private final Semaphore turns;
    private final int concurrency;
    private final long waitMillis;
    private final long deadlineMillis;
    private final Instance<CurrentVertxRequest> currentRequest;

    public ExpensiveWork(@ConfigProperty(name = "recsys.expensive-work.concurrency", defaultValue = "0") int concurrency,
                         @ConfigProperty(name = "recsys.expensive-work.wait-millis", defaultValue = "2000") long waitMillis,
                         @ConfigProperty(name = "recsys.expensive-work.deadline-millis", defaultValue = "10000")
                         long deadlineMillis, Instance<CurrentVertxRequest> currentRequest) {
        this.concurrency = concurrency > 0 ? concurrency : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.turns = new Semaphore(this.concurrency, true);
        this.waitMillis = waitMillis;
        this.deadlineMillis = deadlineMillis;
        this.currentRequest = currentRequest;
    }

    /** Runs {@code work} in its turn; nested calls (work inside work) run in the turn they are part of. */
    public <T> T run(Supplier<T> work) {
        if (RUNNING.get() != null) {
            return work.get();
        }
        boolean acquired;
        try {
            acquired = turns.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        if (!acquired) {
            throw busy();
        }
        RUNNING.set(new Running(System.nanoTime() + Duration.ofMillis(deadlineMillis).toNanos(), request()));
        try {
            checkpoint();
            return work.get();
        } finally {
            RUNNING.remove();
            turns.release();
        }
    }

    /**
     * Stops the running work when its client hung up ({@link ClientGone}) or its deadline passed (503); does nothing
     * outside {@link #run}.
     */
    public static void checkpoint() {
        Running running = RUNNING.get();
        if (running == null) {
            return;
        }
        if (running.request() != null && running.request().response().closed()) {
            throw new ClientGone();
        }
        if (System.nanoTime() > running.deadlineNanos()) {
            throw ProblemException.unavailable("the request needed more than its time budget; ask for less work "
                    + "(fewer variants, a shorter text)", 1);
        }
    }

    private ProblemException busy() {
        return ProblemException.unavailable("busy: " + concurrency + " expensive request" + (concurrency == 1 ? " is" : "s are")
                + " running (searches, similar movies, new-movie predictions, scenarios); retry in a second", 1);
    }

    private RoutingContext request() {
        try {
            return currentRequest != null && currentRequest.isResolvable() ? currentRequest.get().getCurrent() : null;
        } catch (ContextNotActiveException e) {
            return null;
        }
    }
}
