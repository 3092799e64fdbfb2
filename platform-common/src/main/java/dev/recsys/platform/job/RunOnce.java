package dev.recsys.platform.job;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;

/**
 * A service's one-shot mode (a Kubernetes Job or CronJob): do one piece of work on its own thread
 * once the application has started, then exit with 0 when it succeeded and 1 when it failed or threw.
 */
public final class RunOnce {

    /** The work; true when it succeeded. */
    @FunctionalInterface
    public interface Work {
        boolean run() throws Exception;
    }

    private RunOnce() {
    }

    public static void thenExit(String threadName, Work work) {
        Thread worker = new Thread(() -> {
            int exitCode = 1;
            try {
                exitCode = work.run() ? 0 : 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                Log.errorf(e, "%s failed: %s", threadName, e.getMessage());
            }
            Quarkus.asyncExit(exitCode);
        }, threadName);
        worker.start();
    }
}
