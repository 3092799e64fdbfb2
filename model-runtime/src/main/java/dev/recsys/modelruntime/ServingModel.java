package dev.recsys.modelruntime;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.LiveRanking;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The model this replica serves, swapped without restart when another version becomes active.
 * Activation reaches a replica through PostgreSQL {@code LISTEN model_activated}, with a poll of
 * the registry every few seconds as a fallback; a version that fails to load is reported and the
 * previous one keeps serving. An artifact that cannot be decoded is not tried again until another
 * version is activated; one that could not be read from the database (a dropped connection halfway
 * through a large artifact, say) is retried with a growing delay. Readers take the current model
 * with one atomic read.
 */
@ApplicationScoped
public class ServingModel {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private static final int LISTEN_TIMEOUT_MILLIS = 5_000;
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(5);
    static final Duration LONGEST_RETRY_DELAY = Duration.ofMinutes(5);

    /** A loaded version, with its ranking from a user's current ratings. */
    public record Loaded(long version, HybridModel model, Instant loadedAt, LiveRanking live) {

        public Loaded(long version, HybridModel model, Instant loadedAt) {
            this(version, model, loadedAt, new LiveRanking(model));
        }
    }

    /**
     * The last version that could not be loaded, and why; {@code retryAt} is when a failed read
     * from the database is tried again, or null for an artifact that cannot be decoded.
     */
    public record LoadFailure(long version, String reason, Instant at, int attempts, Instant retryAt) {

        boolean retryable() {
            return retryAt != null;
        }
    }

    private final ModelVersionRepository versions;
    private final AgroalDataSource dataSource;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final Map<Long, Loaded> pinned = new ConcurrentHashMap<>();
    private final AtomicReference<LoadFailure> lastFailure = new AtomicReference<>();
    private volatile boolean running = true;
    /** Whether the registry had an active version at the last look (null: not looked yet): readiness reads it without a query. */
    private volatile Boolean activeVersionSeen;
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

    /**
     * Whether the registry had an active version when this replica last looked (the watcher looks every
     * few seconds); empty until it has looked once.
     */
    public Optional<Boolean> activeVersionSeen() {
        return Optional.ofNullable(activeVersionSeen);
    }

    public Optional<LoadFailure> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /**
     * Loads {@code version} here first, so that an artifact that cannot be loaded is refused (422;
     * 503 when the database could not hand it over) before anything changes, then records it as
     * the active version for every replica.
     */
    public synchronized Loaded activate(long version) {
        if (versions.find(version).isEmpty()) {
            throw ProblemException.notFound("no model version " + version);
        }
        Loaded loaded = load(version).orElseThrow(() -> {
            LoadFailure failure = lastFailure.get();
            String detail = "model version " + version + " cannot be loaded (" + failure.reason()
                    + "); the active version keeps serving";
            return failure.retryable()
                    ? ProblemException.unavailable(detail, (int) FIRST_RETRY_DELAY.toSeconds())
                    : ProblemException.unprocessable(detail);
        });
        versions.activate(version);
        swap(loaded);
        return loaded;
    }

    /** Makes this replica serve the registry's active version, if it does not already. */
    public synchronized void refresh() {
        Optional<Long> active = versions.activeVersion();
        activeVersionSeen = active.isPresent();
        Loaded serving = current.get();
        if (active.isEmpty() || serving != null && serving.version() == active.get()) {
            return;
        }
        LoadFailure failed = lastFailure.get();
        if (failed != null && failed.version() == active.get()
                && (!failed.retryable() || Instant.now().isBefore(failed.retryAt()))) {
            return;   // already reported; keep serving the previous version
        }
        load(active.get()).ifPresent(this::swap);
    }

    private Optional<Loaded> load(long version) {
        long started = System.nanoTime();
        Optional<byte[]> artifact;
        try {
            artifact = versions.artifact(version);
        } catch (RuntimeException e) {
            LoadFailure previous = lastFailure.get();
            boolean again = previous != null && previous.version() == version && previous.retryable();
            int attempts = again ? previous.attempts() + 1 : 1;
            Duration delay = retryDelay(attempts);
            Log.warnf("Model version %d could not be read from the database (%s); trying again in %d s",
                    version, e.getMessage(), delay.toSeconds());
            lastFailure.set(new LoadFailure(version, "could not be read from the database: " + e.getMessage(),
                    Instant.now(), attempts, Instant.now().plus(delay)));
            return Optional.empty();
        }
        try {
            HybridModel model = ModelArtifact.read(artifact.orElseThrow(() -> new IOException("no artifact stored")));
            Log.infof("Loaded model version %d (%d users, %d movies) in %.1f s", version, model.userCount(),
                    model.movieCount(), (System.nanoTime() - started) / 1e9);
            lastFailure.set(null);
            return Optional.of(new Loaded(version, model, Instant.now()));
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? "unreadable artifact" : e.getMessage();
            Log.errorf("Model version %d cannot be loaded: %s; the previous version keeps serving", version, reason);
            lastFailure.set(new LoadFailure(version, reason, Instant.now(), 1, null));
            return Optional.empty();
        }
    }

    /** 5 s after the first failed read, doubling up to 5 minutes. */
    public static Duration retryDelay(int attempts) {
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(attempts - 1, 16));
        return delay.compareTo(LONGEST_RETRY_DELAY) > 0 ? LONGEST_RETRY_DELAY : delay;
    }

    private void swap(Loaded loaded) {
        Loaded previous = current.getAndSet(loaded);
        Log.infof("Serving model version %d", loaded.version());
        if (previous != null && previous.version() != loaded.version()) {
            closeLater(previous.model());
        }
    }

    /**
     * Another version than the active one, kept loaded beside it for as long as something (an
     * experiment's variant) pins it; empty when it cannot be loaded. Released by {@link #keepPinnedOnly}.
     */
    public Optional<Loaded> pinned(long version) {
        Loaded loaded = pinned.get(version);
        if (loaded != null) {
            return Optional.of(loaded);
        }
        synchronized (pinned) {
            loaded = pinned.get(version);
            if (loaded == null) {
                try {
                    long started = System.nanoTime();
                    byte[] artifact = versions.artifact(version).orElseThrow(() -> new IOException("no artifact stored"));
                    loaded = new Loaded(version, ModelArtifact.read(artifact), Instant.now());
                    Log.infof("Loaded model version %d beside the active one in %.1f s", version,
                            (System.nanoTime() - started) / 1e9);
                } catch (IOException | RuntimeException e) {
                    Log.errorf("Model version %d cannot be loaded beside the active one: %s", version, e.getMessage());
                    return Optional.empty();
                }
                pinned.put(version, loaded);
            }
            return Optional.of(loaded);
        }
    }

    /** Drops the pinned versions not in {@code wanted} (closing them once requests in flight are done with them). */
    public void keepPinnedOnly(Set<Long> wanted) {
        for (Long version : new ArrayList<>(pinned.keySet())) {
            if (!wanted.contains(version)) {
                Loaded released = pinned.remove(version);
                if (released != null) {
                    closeLater(released.model());
                }
            }
        }
    }

    /**
     * Requests still holding a replaced or released model only read Java arrays; its native memory
     * (the content tower) is released once no new-movie request can reach it.
     */
    private static void closeLater(HybridModel model) {
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            model.close();
        }, "model-closer");
        closer.setDaemon(true);
        closer.start();
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
