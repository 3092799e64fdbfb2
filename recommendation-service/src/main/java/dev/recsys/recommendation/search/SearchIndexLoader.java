package dev.recsys.recommendation.search;

import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.RecommendationsConfig;
import dev.recsys.recommendation.catalog.CatalogLookup;
import dev.recsys.text.StoredVectors;
import dev.recsys.text.TextEmbedder;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps this replica's {@link SearchIndex}: loaded at start, and re-read when the catalog's movies or
 * texts change. Every {@code recsys.recommendations.search-refresh-millis} (30 s) a cheap query
 * compares the row counts and latest update times of the movies, texts and vectors with those the index
 * was built from; only a difference reloads it (seconds for 62,000 movies, off the request path, the
 * old index serving meanwhile). Popularity is refreshed on every check. Through a database outage the
 * loaded index keeps serving.
 */
@ApplicationScoped
public class SearchIndexLoader {

    private static final int RETRY_SECONDS = 5;
    private static final String FINGERPRINT = """
            SELECT (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM catalog.movies)
                || '|' || (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM catalog.movie_texts)
                || '|' || (SELECT count(*) FROM catalog.text_embeddings)""";

    private record Loaded(SearchIndex index, String fingerprint) {
    }

    private final Sql sql;
    private final AgroalDataSource dataSource;
    private final CatalogLookup catalog;
    private final TextEmbedder embedder;
    private final long refreshMillis;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private volatile boolean running = true;
    private Thread refresher;

    public SearchIndexLoader(Sql sql, AgroalDataSource dataSource, CatalogLookup catalog, TextEmbedder embedder,
                             RecommendationsConfig.Serving config) {
        this.sql = sql;
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.embedder = embedder;
        this.refreshMillis = config.searchRefreshMillis();
    }

    void onStart(@Observes StartupEvent event) {
        refresher = new Thread(this::refreshLoop, "search-index");
        refresher.setDaemon(true);
        refresher.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (refresher != null) {
            refresher.interrupt();
        }
    }

    /** The index now; the first request before the first load waits for it (503 while the database is down). */
    public SearchIndex current() {
        Loaded now = loaded.get();
        if (now != null) {
            return now.index();
        }
        try {
            return refresh().index();
        } catch (RuntimeException e) {
            throw ProblemException.unavailable("the search index cannot be loaded now (the database is unavailable); "
                    + "retry in a few seconds", RETRY_SECONDS);
        }
    }

    private void refreshLoop() {
        try {
            embedder.embed("warm up");   // the model's first call costs a second: not on a user's request
            refresh();
        } catch (RuntimeException e) {
            Log.warnf("Search index not loaded yet (%s); retrying", e.getMessage());
        }
        while (running) {
            try {
                Thread.sleep(refreshMillis);
                refresh();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // keep serving the loaded index; the next check tries again
            }
        }
    }

    /** Reloads the index if the catalog changed since it was built, and its popularity in any case. */
    synchronized Loaded refresh() {
        String fingerprint = sql.query(FINGERPRINT, rs -> rs.getString(1)).get(0);
        Loaded previous = loaded.get();
        SearchIndex index = previous != null && previous.fingerprint().equals(fingerprint) ? previous.index() : load();
        Loaded fresh = new Loaded(index.withPopularity(popularity(index)), fingerprint);
        loaded.set(fresh);
        if (previous == null || previous.index() != index) {
            Log.infof("Search index: %d movies, %d with a text vector", index.size(), index.embeddedCount());
        }
        return fresh;
    }

    private SearchIndex load() {
        Instant started = Instant.now();
        Map<Integer, float[]> vectors;
        try (Connection c = dataSource.getConnection()) {
            vectors = StoredVectors.movieVectors(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the movie vectors: " + e.getMessage(), e);
        }
        List<SearchIndex.Movie> movies = new ArrayList<>(sql.query(
                "SELECT movie_id, title, year, genres FROM catalog.movies ORDER BY movie_id",
                rs -> new SearchIndex.Movie(rs.getInt(1), rs.getString(2), rs.getObject(3, Integer.class),
                        genres(rs.getArray(4)), vectors.get(rs.getInt(1)))));
        return new SearchIndex(movies, started);
    }

    private float[] popularity(SearchIndex index) {
        float[] percentiles = new float[index.size()];
        for (int row = 0; row < percentiles.length; row++) {
            percentiles[row] = (float) catalog.popularityPercentile(index.movieId(row));
        }
        return percentiles;
    }

    private static List<String> genres(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
