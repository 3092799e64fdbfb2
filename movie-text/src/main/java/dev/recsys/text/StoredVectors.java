package dev.recsys.text;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Movie vectors as stored in the catalog (`movie_texts` or `movie_release_texts` joined to
 * `text_embeddings`, schemas V5 and V6): the byte form of a vector and the one query every reader uses.
 */
public final class StoredVectors {

    private StoredVectors() {
    }

    /** The texts the catalog keeps per movie, each kind in its own table; both share the vectors, keyed by hash. */
    public enum Kind {
        /** {@link MovieText#text()}: title, tags, genome tags and plot (the towers and search read it). */
        FULL("catalog.movie_texts"),
        /** The text of {@link MovieText#release()}: title and plot, known before release (the public-rating model reads it). */
        RELEASE("catalog.movie_release_texts");

        private final String table;

        Kind(String table) {
            this.table = table;
        }

        /** The schema-qualified table of this kind's movie -> text hash rows. */
        public String table() {
            return table;
        }
    }

    /** Texts embedded per round trip: big enough to keep every core busy, small enough to report progress. */
    static final int BATCH = 256;

    /** {@link #store(Connection, Kind, Map, TextEmbedder, IntConsumer)} of the full texts. */
    public static int store(Connection connection, Map<Integer, MovieText> texts, TextEmbedder embedder,
                            IntConsumer embedded) throws SQLException {
        return store(connection, Kind.FULL, texts, embedder, embedded);
    }

    /**
     * Stores each movie's text in the table of {@code kind} ({@code texts} are already of that kind: for
     * {@link Kind#RELEASE}, the movies' {@link MovieText#release()}) and embeds the texts that have no stored
     * vector yet, in batches. Returns how many texts were embedded; {@code embedded} hears the running count
     * after each batch. A rerun after a failure embeds only what is still missing.
     */
    public static int store(Connection connection, Kind kind, Map<Integer, MovieText> texts, TextEmbedder embedder,
                            IntConsumer embedded) throws SQLException {
        Map<String, String> textByHash = new LinkedHashMap<>();
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + kind.table
                + " AS stored (movie_id, text, text_hash) VALUES (?, ?, ?) ON CONFLICT (movie_id) DO UPDATE SET"
                + " text = EXCLUDED.text, text_hash = EXCLUDED.text_hash, updated_at = now()"
                + " WHERE stored.text_hash <> EXCLUDED.text_hash")) {
            int pending = 0;
            for (var movie : texts.entrySet()) {
                String text = movie.getValue().text();
                String hash = MovieText.hash(text);
                textByHash.putIfAbsent(hash, text);
                upsert.setInt(1, movie.getKey());
                upsert.setString(2, text);
                upsert.setString(3, hash);
                upsert.addBatch();
                if (++pending == 1_000) {
                    upsert.executeBatch();
                    pending = 0;
                }
            }
            upsert.executeBatch();
        }
        textByHash.keySet().removeAll(storedHashes(connection, textByHash.keySet()));
        List<String> hashes = new ArrayList<>(textByHash.keySet());
        int done = 0;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO catalog.text_embeddings (text_hash, model, vector) VALUES (?, ?, ?) ON CONFLICT (text_hash) DO NOTHING")) {
            for (int from = 0; from < hashes.size(); from += BATCH) {
                List<String> batch = hashes.subList(from, Math.min(hashes.size(), from + BATCH));
                List<float[]> vectors = embedder.embedAll(batch.stream().map(textByHash::get).toList());
                for (int i = 0; i < batch.size(); i++) {
                    insert.setString(1, batch.get(i));
                    insert.setString(2, TextEmbedder.MODEL_NAME);
                    insert.setBytes(3, toBytes(vectors.get(i)));
                    insert.addBatch();
                }
                insert.executeBatch();
                done += batch.size();
                embedded.accept(done);
            }
        }
        return done;
    }

    private static Set<String> storedHashes(Connection connection, Set<String> hashes) throws SQLException {
        Set<String> stored = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT text_hash FROM catalog.text_embeddings WHERE text_hash = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", hashes.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
        }
        return stored;
    }

    public static byte[] toBytes(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /**
     * Every catalog movie's vector of its full text made by {@link TextEmbedder#MODEL_NAME}; movies not embedded
     * yet are absent. Schema-qualified: readers (training-service) connect with their own schema first on the
     * search path.
     */
    public static Map<Integer, float[]> movieVectors(Connection connection) throws SQLException {
        return vectors(connection, Kind.FULL);
    }

    /** The same for the release texts (title and plot): what the public-rating model may read. */
    public static Map<Integer, float[]> releaseVectors(Connection connection) throws SQLException {
        return vectors(connection, Kind.RELEASE);
    }

    private static Map<Integer, float[]> vectors(Connection connection, Kind kind) throws SQLException {
        String sql = "SELECT t.movie_id, e.vector FROM " + kind.table + " t"
                + " JOIN catalog.text_embeddings e ON e.text_hash = t.text_hash WHERE e.model = ?";
        Map<Integer, float[]> vectors = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, TextEmbedder.MODEL_NAME);
            statement.setFetchSize(2_000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    vectors.put(rows.getInt(1), fromBytes(rows.getBytes(2)));
                }
            }
        }
        return vectors;
    }
}
