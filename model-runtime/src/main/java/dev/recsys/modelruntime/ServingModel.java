package dev.recsys.modelruntime;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.platform.db.Channels;
import dev.recsys.platform.error.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The model this replica serves, swapped without restart when another version becomes active.
 * Activation reaches a replica through PostgreSQL {@code LISTEN model_activated}, with a poll of
 * the registry every few seconds as a fallback; a version that fails to load is reported and the
 * previous one keeps serving. Readers take the current model with one atomic read.
 */
@ApplicationScoped
public class ServingModel {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private static final int LISTEN_TIMEOUT_MILLIS = 5_000;

    /** A loaded version. */
    public record Loaded(long version, HybridModel model, Instant loadedAt) {
    }

    /** The last version that could not be loaded, and why. */
    public record LoadFailure(long version, String reason, Instant at) {
    }

    private final ModelVersionRepository versions;
    private final AgroalDataSource dataSource;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final AtomicReference<LoadFailure> lastFailure = new AtomicReference<>();
    private volatile boolean running = true;
    private Thread watcher;

    public ServingModel(ModelVersionRepository versions, AgroalDataSource dataSource) {
        this.versions = versions;
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) {
        watcher = new Thread(this::watch, "model-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    public Optional<Loaded> current() {
        return Optional.ofNullable(current.get());
    }

    /** The served model, or 503 when none is loaded yet. */
    public Loaded require() {
        return current().orElseThrow(() -> new ProblemException(503, "Service Unavailable",
                "no model is loaded yet: train and activate one (POST /api/v1/training-runs on training-service)"));
    }

    public Optional<LoadFailure> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /**
     * Loads {@code version} here first, so that an artifact that cannot be loaded is refused (422)
     * before anything changes, then records it as the active version for every replica.
     */
    public synchronized Loaded activate(long version) {
        if (versions.find(version).isEmpty()) {
            throw ProblemException.notFound("no model version " + version);
        }
        Loaded loaded = load(version).orElseThrow(() -> ProblemException.unprocessable(
                "model version " + version + " cannot be loaded (" + lastFailure.get().reason()
                        + "); the active version keeps serving"));
        versions.activate(version);
        swap(loaded);
        return loaded;
    }

    /** Makes this replica serve the registry's active version, if it does not already. */
    public synchronized void refresh() {
        Optional<Long> active = versions.activeVersion();
        Loaded serving = current.get();
        if (active.isEmpty() || serving != null && serving.version() == active.get()) {
            return;
        }
        LoadFailure failed = lastFailure.get();
        if (failed != null && failed.version() == active.get()) {
            return;   // already reported; keep serving the previous version
        }
        load(active.get()).ifPresent(this::swap);
    }

    private Optional<Loaded> load(long version) {
        long started = System.nanoTime();
        try {
            byte[] artifact = versions.artifact(version).orElseThrow(() -> new IOException("no artifact stored"));
            HybridModel model = ModelArtifact.read(artifact);
            Log.infof("Loaded model version %d (%d users, %d movies) in %.1f s", version, model.userCount(),
                    model.itemCount(), (System.nanoTime() - started) / 1e9);
            lastFailure.set(null);
            return Optional.of(new Loaded(version, model, Instant.now()));
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? "unreadable artifact" : e.getMessage();
            Log.errorf("Model version %d cannot be loaded: %s; the previous version keeps serving", version, reason);
            lastFailure.set(new LoadFailure(version, reason, Instant.now()));
            return Optional.empty();
        }
    }

    private void swap(Loaded loaded) {
        Loaded previous = current.getAndSet(loaded);
        Log.infof("Serving model version %d", loaded.version());
        if (previous != null && previous.version() != loaded.version()) {
            // Requests still holding the previous model only read Java arrays; its native memory
            // (the content tower) is released once no new-movie request can reach it.
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                previous.model().close();
            }, "model-closer");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** LISTEN for activations; poll the registry on every timeout as a fallback. */
    private void watch() {
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("LISTEN " + Channels.MODEL_ACTIVATED);
                refresh();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(LISTEN_TIMEOUT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        Log.infof("Activation notice for version %s", notifications[notifications.length - 1].getParameter());
                    }
                    refresh();
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    Log.warnf("Model watcher lost its database connection (%s); retrying", e.getMessage());
                    sleepQuietly(2_000);
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
