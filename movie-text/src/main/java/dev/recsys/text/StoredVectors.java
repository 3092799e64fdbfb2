package dev.recsys.text;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Movie vectors as stored in the catalog (`movie_texts` joined to `text_embeddings`, schema V5): the
 * byte form of a vector and the one query every reader uses.
 */
public final class StoredVectors {

    private StoredVectors() {
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

    /** Every catalog movie's vector made by {@link TextEmbedder#MODEL_NAME}; movies not embedded yet are absent. */
    public static Map<Integer, float[]> movieVectors(Connection connection) throws SQLException {
        String sql = """
                SELECT t.movie_id, e.vector
                FROM movie_texts t JOIN text_embeddings e ON e.text_hash = t.text_hash
                WHERE e.model = ?""";
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
