package dev.recsys.recommendation.catalog;

import dev.recsys.platform.db.Channels;
import dev.recsys.recommendation.RecommendationsConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Which users' ratings changed, heard from the catalog's rating notices (LISTEN catalog_ratings),
 * and whether the database can be reached at all.
 *
 * <p>A reader takes a {@link #stamp()} before it reads a user's ratings; later,
 * {@link #unchangedSince} says whether that read still holds, so a cached "rated since the batch"
 * answer costs nothing until the user rates again. While the listening connection is down, nothing
 * is known to hold ({@link #databaseReachable()} is false) and readers serve what they have,
 * marked degraded, without waiting on the database. On reconnect every earlier read is
 * invalidated, since notices sent meanwhile were lost.
 */
@ApplicationScoped
public class RatingChanges {

    private static final int POLL_MILLIS = 250;
    private static final int NETWORK_TIMEOUT_MILLIS = 2_000;

    private final AgroalDataSource dataSource;
    private final long retryMillis;
    private final AtomicLong sequence = new AtomicLong(1);
    private final Map<Integer, Long> lastChange = new ConcurrentHashMap<>();
    private volatile long invalidatedAt = 1;
    private volatile boolean reachable;
    private volatile boolean running = true;
    private Thread listener;

    public RatingChanges(AgroalDataSource dataSource, RecommendationsConfig.Serving config) {
        this.dataSource = dataSource;
        this.retryMillis = config.reconnectMillis();
    }

    void onStart(@Observes StartupEvent event) {
        listener = new Thread(this::listen, "rating-changes");
        listener.setDaemon(true);
        listener.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** False while the listening connection is down: then the database is taken to be unreachable. */
    public boolean databaseReachable() {
        return reachable;
    }

    /** To be taken before reading a user's ratings, and kept with what was read. */
    public long stamp() {
        return sequence.get();
    }

    /** Whether no rating of the user can have changed since a read stamped {@code stamp}. */
    public boolean unchangedSince(int userId, long stamp) {
        return reachable && invalidatedAt <= stamp && lastChange.getOrDefault(userId, 0L) <= stamp;
    }

    void changed(String payload) {
        if (Channels.ALL_USERS.equals(payload)) {
            invalidateAll();
            return;
        }
        try {
            lastChange.put(Integer.parseInt(payload), sequence.incrementAndGet());
        } catch (NumberFormatException e) {
            invalidateAll();   // not ours to understand: be safe
        }
    }

    private void invalidateAll() {
        invalidatedAt = sequence.incrementAndGet();
        lastChange.clear();
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
                s.execute("LISTEN " + Channels.RATING_CHANGES);
                invalidateAll();
                if (!reachable) {
                    Log.info("Listening for rating changes; cached lists are checked against them");
                }
                reachable = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            changed(notice.getParameter());
                        }
                    }
                    s.execute("SELECT 1");   // a dead connection shows here within the network timeout
                }
            } catch (SQLException | RuntimeException e) {
                if (reachable) {
                    Log.warnf("Lost the database (%s): serving cached lists, marked degraded, until it is back",
                            e.getMessage());
                }
                reachable = false;
                invalidateAll();
                sleepQuietly(retryMillis);
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
