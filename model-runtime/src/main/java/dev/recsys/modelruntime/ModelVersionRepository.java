package dev.recsys.modelruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.platform.db.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/** Reads the registry that training-service writes; activation is the one write this service makes. */
@ApplicationScoped
public class ModelVersionRepository {

    /** The channel training-service and this service notify on activation (payload: the version). */
    public static final String ACTIVATION_CHANNEL = "model_activated";
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

    public boolean anyRegistered() {
        return !sql.query("SELECT 1 FROM training.model_versions LIMIT 1", rs -> 1).isEmpty();
    }

    public Optional<byte[]> artifact(long version) {
        return sql.query("SELECT artifact FROM training.model_versions WHERE version = ?", rs -> rs.getBytes(1), version)
                .stream().findFirst();
    }

    /** Makes {@code version} the only ACTIVE version and notifies every replica, in one transaction. */
    public void activate(long version) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
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
                s.execute("NOTIFY " + ACTIVATION_CHANNEL + ", '" + version + "'");
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not activate version " + version, e);
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
