package dev.recsys.recommendation.catalog;

import dev.recsys.platform.db.Channels;
import dev.recsys.platform.db.Sql;
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
 *
 * <p>A database that hangs (stopped, its host frozen, the network cut) rather than refusing
 * connections is noticed by the listener's heartbeat within about 750 ms, and sooner by any
 * request-path read that timed out ({@link #readFailed}): from then on requests stop starting
 * reads until a heartbeat that began after the failure succeeds.
 */
@ApplicationScoped
public class RatingChanges {

    private static final int POLL_MILLIS = 250;
    /** The heartbeat's limit: a frozen database is taken as unreachable this long after the heartbeat was sent. */
    static final int NETWORK_TIMEOUT_MILLIS = 500;

    private final AgroalDataSource dataSource;
    private final long retryMillis;
    private final AtomicLong sequence = new AtomicLong(1);
    private final Map<Integer, Long> lastChange = new ConcurrentHashMap<>();
    private volatile long invalidatedAt = 1;
    private volatile boolean reachable;
    /** Request-path reads that failed as if the database were unreachable, counted. */
    private final AtomicLong failedReads = new AtomicLong();
    /** {@link #failedReads} as it was when the latest successful heartbeat began. */
    private volatile long failedReadsCleared;
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

    /**
     * False while the listening connection is down, or since a request-path read found the database
     * unreachable and no heartbeat has proved otherwise: then requests serve what they have.
     */
    public boolean databaseReachable() {
        return reachable && failedReadsCleared == failedReads.get();
    }

    /**
     * To be told of a request-path read that failed: one that found the database unreachable (a
     * timeout, a refused or lost connection) stops further reads until the next heartbeat succeeds.
     */
    public void readFailed(Throwable failure) {
        if (Sql.isDatabaseUnavailable(failure)) {
            failedReads.incrementAndGet();
        }
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
                long failedBeforeListen = failedReads.get();
                s.execute("LISTEN " + Channels.RATING_CHANGES);
                failedReadsCleared = failedBeforeListen;
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
                    long failedBefore = failedReads.get();
                    s.execute("SELECT 1");   // a dead or frozen database shows here within the network timeout
                    failedReadsCleared = failedBefore;
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
