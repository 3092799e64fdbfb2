package dev.recsys.ingestion.text;

import dev.recsys.ingestion.load.EntityCounts;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.platform.job.ProgressMeter;
import dev.recsys.text.MovieText;
import dev.recsys.text.StoredVectors;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The last phase of an ingestion that can change movie texts, in the load's transaction: builds every
 * movie's text and its release text (title and plot, without tags: what the public-rating model may read),
 * stores those that are new or changed, and embeds the texts that have no stored vector (an unchanged
 * catalog embeds nothing; a release text equal to a full text shares its vector). Counts go to the report
 * as {@code texts} and {@code release-texts} (read: movies, inserted: first texts, updated: changed texts)
 * and {@code embeddings} (read: distinct new texts of both kinds, inserted: embedded now; the rest reused a
 * stored vector).
 */
@ApplicationScoped
public class TextEmbeddingPhase {

    public static final String PROGRESS_UNIT = "texts embedded";

    private final SharedTextEmbedder embedder;

    public TextEmbeddingPhase(SharedTextEmbedder embedder) {
        this.embedder = embedder;
    }

    /**
     * Runs the phase. {@code startProgress} hears the meter of the embedding (only when there is
     * something to embed); {@code checkpoint} runs between batches and throws to stop.
     */
    public void run(Connection connection, IngestionReport report, Consumer<ProgressMeter> startProgress,
                    Runnable checkpoint) throws SQLException {
        long started = System.nanoTime();
        Map<Integer, MovieText> texts = CatalogTexts.read(connection);
        Map<Integer, MovieText> releaseTexts = new LinkedHashMap<>();
        texts.forEach((movieId, text) -> releaseTexts.put(movieId, text.release()));
        Set<String> newHashes = new HashSet<>();
        Map<Integer, MovieText> fullToStore = changed(connection, StoredVectors.Kind.FULL, texts, report.counts("texts"),
                newHashes);
        Map<Integer, MovieText> releaseToStore = changed(connection, StoredVectors.Kind.RELEASE, releaseTexts,
                report.counts("release-texts"), newHashes);
        EntityCounts embeddingCounts = report.counts("embeddings");
        embeddingCounts.addRead(newHashes.size());
        if (fullToStore.isEmpty() && releaseToStore.isEmpty()) {
            Log.infof("Movie texts: %d unchanged, nothing to embed", texts.size());
            return;
        }
        newHashes.removeAll(embeddedAmong(connection, newHashes));
        ProgressMeter meter = new ProgressMeter(PROGRESS_UNIT, newHashes.size());
        if (!newHashes.isEmpty()) {
            startProgress.accept(meter);
        }
        // The release texts come second: one equal to its movie's full text (no tags) finds that vector stored.
        int embedded = store(connection, StoredVectors.Kind.FULL, fullToStore, meter, embeddingCounts, checkpoint);
        embedded += store(connection, StoredVectors.Kind.RELEASE, releaseToStore, meter, embeddingCounts, checkpoint);
        Log.infof("Movie texts: %d of %d new or changed, release texts: %d, %d texts embedded in %.1f s",
                fullToStore.size(), texts.size(), releaseToStore.size(), embedded, (System.nanoTime() - started) / 1e9);
    }

    private int store(Connection connection, StoredVectors.Kind kind, Map<Integer, MovieText> texts, ProgressMeter meter,
                      EntityCounts embeddingCounts, Runnable checkpoint) throws SQLException {
        long[] reported = {0};
        return StoredVectors.store(connection, kind, texts, embedder.get(), done -> {
            meter.advance(done - reported[0]);
            embeddingCounts.addInserted(done - reported[0]);
            reported[0] = done;
            checkpoint.run();
        });
    }

    /**
     * The texts of {@code kind} to store: new, changed, or stored without a vector; their hashes join
     * {@code newHashes}.
     */
    private static Map<Integer, MovieText> changed(Connection connection, StoredVectors.Kind kind,
                                                   Map<Integer, MovieText> texts, EntityCounts counts,
                                                   Set<String> newHashes) throws SQLException {
        Map<Integer, String> storedHashes = new HashMap<>();
        Set<Integer> withVector = new HashSet<>();
        readStored(connection, kind, storedHashes, withVector);
        Map<Integer, MovieText> toStore = new LinkedHashMap<>();
        counts.addRead(texts.size());
        texts.forEach((movieId, text) -> {
            String hash = text.textHash();
            String stored = storedHashes.get(movieId);
            if (stored == null) {
                counts.addInserted(1);
            } else if (!stored.equals(hash)) {
                counts.addUpdated(1);
            } else if (withVector.contains(movieId)) {
                return;
            }
            toStore.put(movieId, text);
            newHashes.add(hash);
        });
        return toStore;
    }

    private static void readStored(Connection connection, StoredVectors.Kind kind, Map<Integer, String> hashes,
                                   Set<Integer> withVector) throws SQLException {
        String sql = "SELECT t.movie_id, t.text_hash, e.text_hash IS NOT NULL FROM " + kind.table()
                + " t LEFT JOIN catalog.text_embeddings e ON e.text_hash = t.text_hash";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    hashes.put(rows.getInt(1), rows.getString(2));
                    if (rows.getBoolean(3)) {
                        withVector.add(rows.getInt(1));
                    }
                }
            }
        }
    }

    private static Set<String> embeddedAmong(Connection connection, Set<String> hashes) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT text_hash FROM catalog.text_embeddings WHERE text_hash = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", hashes.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }
}
