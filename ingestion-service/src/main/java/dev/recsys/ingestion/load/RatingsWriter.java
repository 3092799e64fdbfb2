package dev.recsys.ingestion.load;

import dev.recsys.platform.db.Channels;
import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes ratings: COPY into a staging table, then one upsert that inserts new ratings, updates
 * changed ones and leaves identical ones alone (so a re-run changes nothing). When the ratings
 * table is empty (a first load) rows are copied straight into it, which is several times faster
 * on tens of millions of rows; callers have already removed duplicates and unknown movies.
 */
public final class RatingsWriter implements AutoCloseable {

    private static final String COLUMNS = "user_id, movie_id, rating, rated_at";

    private final Connection connection;
    private final boolean direct;
    private final boolean fileLoad;
    private final PgBinaryCopy copy;

    private RatingsWriter(Connection connection, boolean direct, boolean fileLoad) throws SQLException {
        this.connection = connection;
        this.direct = direct;
        this.fileLoad = fileLoad;
        if (fileLoad) {
            try (Statement s = connection.createStatement()) {
                // One notice for the whole load (sent by finish) instead of one per row from the trigger.
                s.execute("SET LOCAL " + Channels.BULK_LOAD_SETTING + " = 'on'");
            }
        }
        if (!direct) {
            StagingTables.prepare(connection, "ratings_incoming",
                    "user_id integer, movie_id integer, rating real, rated_at timestamptz");
        }
        this.copy = PgBinaryCopy.start(connection, direct ? "catalog.ratings" : "ratings_incoming", COLUMNS);
    }

    /**
     * Opens a writer in the caller's transaction. {@code fileLoad} marks a bulk load: listeners get
     * one notice for every user instead of one per rating, and with an empty ratings
     * table, the table is locked for the rest of the transaction (readers and writers of ratings
     * wait for the load), its primary key is dropped, and rows are copied straight into it; the key
     * is rebuilt in one pass by {@link #finish}, which is much cheaper than maintaining the index
     * row by row. A failure rolls all of it back, index included.
     */
    public static RatingsWriter open(Connection connection, boolean fileLoad) throws SQLException {
        boolean direct = false;
        if (fileLoad) {
            try (Statement s = connection.createStatement()) {
                s.execute("LOCK TABLE catalog.ratings IN ACCESS EXCLUSIVE MODE");
                try (ResultSet rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM catalog.ratings)")) {
                    rs.next();
                    direct = rs.getBoolean(1);
                }
                if (direct) {
                    s.execute("ALTER TABLE catalog.ratings DROP CONSTRAINT ratings_pkey");
                }
            }
        }
        return new RatingsWriter(connection, direct, fileLoad);
    }

    public void add(int userId, int movieId, float rating, long epochSeconds) throws SQLException {
        copy.startRow(4);
        copy.int4(userId);
        copy.int4(movieId);
        copy.float4(rating);
        copy.timestamptz(epochSeconds);
    }

    /** Ends the copy and merges; listeners hear of it when the caller commits. */
    public StagingTables.Merged finish() throws SQLException {
        long copied = copy.finish();
        if (fileLoad) {
            try (Statement s = connection.createStatement()) {
                s.execute("NOTIFY " + Channels.RATING_CHANGES + ", '" + Channels.ALL_USERS + "'");
            }
        }
        if (direct) {
            long started = System.nanoTime();
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL maintenance_work_mem = '512MB'");
                s.execute("ALTER TABLE catalog.ratings ADD CONSTRAINT ratings_pkey PRIMARY KEY (user_id, movie_id)");
            }
            Log.infof("Rebuilt the ratings primary key over %d rows in %.1f s", copied, (System.nanoTime() - started) / 1e9);
            return new StagingTables.Merged(copied, 0);
        }
        return StagingTables.merge(connection, """
                INSERT INTO catalog.ratings AS r (user_id, movie_id, rating, rated_at)
                SELECT user_id, movie_id, rating, rated_at FROM ratings_incoming
                ON CONFLICT (user_id, movie_id) DO UPDATE
                    SET rating = EXCLUDED.rating, rated_at = EXCLUDED.rated_at
                    WHERE (r.rating, r.rated_at) IS DISTINCT FROM (EXCLUDED.rating, EXCLUDED.rated_at)
                """);
    }

    @Override
    public void close() throws SQLException {
        copy.close();
    }
}
