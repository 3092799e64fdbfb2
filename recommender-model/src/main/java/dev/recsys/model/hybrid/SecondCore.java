package dev.recsys.model.hybrid;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A helper thread for the second core, where there is one: runs half of each training step's work. */
final class SecondCore implements AutoCloseable {

    /** Null on a one-core machine. */
    private final ExecutorService helper;

    SecondCore() {
        helper = Runtime.getRuntime().availableProcessors() > 1 ? Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "trainer-helper");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /** Runs {@code mine} here and {@code helpers} on the helper thread (or here after it, on one core); returns when both are done. */
    void inParallel(Runnable mine, Runnable helpers) {
        if (helper == null) {
            mine.run();
            helpers.run();
            return;
        }
        Future<?> other = helper.submit(helpers);
        try {
            mine.run();
        } finally {
            await(other);
        }
    }

    private static void await(Future<?> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (helper != null) {
            helper.shutdownNow();
        }
    }
}
