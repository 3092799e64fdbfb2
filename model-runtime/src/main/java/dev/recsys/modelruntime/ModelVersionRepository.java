package dev.recsys.modelruntime;

import dev.recsys.platform.db.Transactions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.platform.db.Channels;
import dev.recsys.platform.db.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The model registry ({@code training.model_versions}), its one owner: training-service registers
 * versions and activates them with it, model-service and recommendation-service list, load and
 * activate with it. Registration and activation run in the caller's transaction when given a
 * connection, so a version is stored whole (artifact in {@link ModelArtifact#FORMAT_VERSION}) or not
 * at all, and activation swaps the ACTIVE version atomically and tells every serving replica
 * ({@link Channels#MODEL_ACTIVATED}).
 */
@ApplicationScoped
public class ModelVersionRepository {

    /** What a stored version needs besides its artifact, as JSON strings. */
    public record VersionRecord(long trainingRunId, String paramsJson, String metricsJson, String snapshotJson,
                                String curveJson, String segmentsJson) {
    }
    private static final String COLUMNS = "version, status, training_run_id, created_at, activated_at, params::text, "
            + "metrics::text, data_snapshot::text, training_curve::text";

    private final AgroalDataSource dataSource;
    private final Sql sql;
    private final ObjectMapper json;

    public ModelVersionRepository(AgroalDataSource dataSource, Sql sql, ObjectMapper json) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.json = json;
    }

    public List<ModelVersion> list() {
        return sql.query("SELECT " + COLUMNS + " FROM training.model_versions ORDER BY version DESC", this::map);
    }

    public Optional<ModelVersion> find(long version) {
        return sql.query("SELECT " + COLUMNS + " FROM training.model_versions WHERE version = ?", this::map, version)
                .stream().findFirst();
    }

    public Optional<ModelVersion> active() {
        return sql.query("SELECT " + COLUMNS + " FROM training.model_versions WHERE status = 'ACTIVE'", this::map)
                .stream().findFirst();
    }

    public Optional<Long> activeVersion() {
        return sql.query("SELECT version FROM training.model_versions WHERE status = 'ACTIVE'", rs -> rs.getLong(1))
                .stream().findFirst();
    }

    /** The version's taste segments (JSON), if it has them. */
    public Optional<JsonNode> segments(long version) {
        return sql.query("SELECT segments::text FROM training.model_versions WHERE version = ? AND segments IS NOT NULL",
                rs -> tree(rs.getString(1)), version).stream().findFirst();
    }

    /** The stored artifact's size in bytes, without reading it. */
    public Optional<Long> artifactSize(long version) {
        return sql.query("SELECT octet_length(artifact) FROM training.model_versions WHERE version = ?",
                rs -> rs.getLong(1), version).stream().findFirst();
    }

    public Optional<byte[]> artifact(long version) {
        return sql.query("SELECT artifact FROM training.model_versions WHERE version = ?", rs -> rs.getBytes(1), version)
                .stream().findFirst();
    }

    /** Makes {@code version} the only ACTIVE version and notifies every replica, in one transaction. */
    public void activate(long version) {
        try {
            Transactions.inTransaction(dataSource, c -> {
                activate(c, version);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not activate version " + version, e);
        }
    }

    /** Makes {@code version} the only ACTIVE one in the caller's transaction; replicas hear of it on commit. */
    public void activate(Connection c, long version) throws SQLException {
        try (Statement s = c.createStatement();
             PreparedStatement retire = c.prepareStatement(
                     "UPDATE training.model_versions SET status = 'RETIRED' WHERE status = 'ACTIVE' AND version <> ?");
             PreparedStatement activate = c.prepareStatement(
                     "UPDATE training.model_versions SET status = 'ACTIVE', activated_at = now() WHERE version = ?")) {
            s.execute("LOCK TABLE training.model_versions IN SHARE ROW EXCLUSIVE MODE");
            retire.setLong(1, version);
            retire.executeUpdate();
            activate.setLong(1, version);
            activate.executeUpdate();
            s.execute("NOTIFY " + Channels.MODEL_ACTIVATED + ", '" + version + "'");
        }
    }

    /** Stores a CANDIDATE version with its artifact in the caller's transaction; returns its number. */
    public long register(Connection c, VersionRecord record, byte[] artifact) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO training.model_versions (training_run_id, status, "
                + "params, metrics, data_snapshot, training_curve, artifact_format, artifact_sha256, artifact, segments) "
                + "VALUES (?, 'CANDIDATE', ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb) RETURNING version")) {
            ps.setLong(1, record.trainingRunId());
            ps.setString(2, record.paramsJson());
            ps.setString(3, record.metricsJson());
            ps.setString(4, record.snapshotJson());
            ps.setString(5, record.curveJson());
            ps.setInt(6, ModelArtifact.FORMAT_VERSION);
            ps.setString(7, HexFormat.of().formatHex(sha256(artifact)));
            ps.setBytes(8, artifact);
            ps.setString(9, record.segmentsJson());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The metrics JSON of the active version, read in the caller's transaction. */
    public Optional<String> activeMetrics(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT metrics::text FROM training.model_versions WHERE status = 'ACTIVE'")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private ModelVersion map(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getLong(1), rs.getString(2), rs.getLong(3), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "activated_at"), tree(rs.getString(6)), tree(rs.getString(7)), tree(rs.getString(8)),
                tree(rs.getString(9)));
    }

    private JsonNode tree(String value) {
        try {
            return value == null ? null : json.readTree(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
