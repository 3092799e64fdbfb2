package dev.recsys.training.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Writes model versions into {@code training.model_versions}. Registration happens inside the
 * caller's transaction, so a version is stored whole (with its artifact) or not at all, and
 * activation swaps the ACTIVE version atomically and tells every model-service replica through
 * {@code NOTIFY model_activated}.
 */
public final class ModelRegistry {

    public static final String ACTIVATION_CHANNEL = "model_activated";

    private ModelRegistry() {
    }

    /** What a stored version needs besides its artifact, as JSON strings. */
    public record VersionRecord(long trainingRunId, String paramsJson, String metricsJson, String snapshotJson,
                                String curveJson, int artifactFormat) {
    }

    public static long register(Connection c, VersionRecord record, byte[] artifact) throws SQLException {
        String sql = "INSERT INTO training.model_versions (training_run_id, status, params, metrics, data_snapshot, "
                + "training_curve, artifact_format, artifact_sha256, artifact) "
                + "VALUES (?, 'CANDIDATE', ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?) RETURNING version";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, record.trainingRunId());
            ps.setString(2, record.paramsJson());
            ps.setString(3, record.metricsJson());
            ps.setString(4, record.snapshotJson());
            ps.setString(5, record.curveJson());
            ps.setInt(6, record.artifactFormat());
            ps.setString(7, sha256(artifact));
            ps.setBytes(8, artifact);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Makes {@code version} the only ACTIVE one (the previous becomes RETIRED) and notifies replicas. */
    public static void activate(Connection c, long version) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE training.model_versions IN SHARE ROW EXCLUSIVE MODE");
            s.executeUpdate("UPDATE training.model_versions SET status = 'RETIRED' WHERE status = 'ACTIVE'");
            s.executeUpdate("UPDATE training.model_versions SET status = 'ACTIVE', activated_at = now() WHERE version = " + version);
            s.execute("NOTIFY " + ACTIVATION_CHANNEL + ", '" + version + "'");
        }
    }

    /** The metrics JSON of the active version, if any. */
    public static Optional<String> activeMetrics(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT metrics::text FROM training.model_versions WHERE status = 'ACTIVE'")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
