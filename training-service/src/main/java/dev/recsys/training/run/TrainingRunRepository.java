package dev.recsys.training.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.job.JobProgress;
import dev.recsys.platform.job.JobStatus;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Training job records in {@code training.training_runs}; each write is its own short transaction. */
@ApplicationScoped
public class TrainingRunRepository {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, status, params, created_at, started_at, finished_at, progress, epochs, "
            + "metrics, model_version, activated, error";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public TrainingRunRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Records a QUEUED run; 409 if another is queued or running on any replica. */
    public TrainingRun create(TrainingRequest params) {
        String sql = "INSERT INTO training.training_runs (status, params) VALUES ('QUEUED', ?::jsonb) RETURNING " + COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, write(params));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return map(rs);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw ProblemException.conflict("a training run is already queued or running; "
                        + "wait for it to finish (GET /api/v1/training-runs?limit=1)");
            }
            throw new IllegalStateException("could not record the training run", e);
        }
    }

    public Optional<TrainingRun> find(long id) {
        return query("SELECT " + COLUMNS + " FROM training.training_runs WHERE id = ?", id).stream().findFirst();
    }

    public List<TrainingRun> latest(int limit) {
        return query("SELECT " + COLUMNS + " FROM training.training_runs ORDER BY id DESC LIMIT ?", limit);
    }

    public void markRunning(long id) {
        update("UPDATE training.training_runs SET status = 'RUNNING', started_at = now(), heartbeat_at = now() WHERE id = ?", id);
    }

    public void reportProgress(long id, JobProgress progress, List<EpochRecord> epochs) {
        update("UPDATE training.training_runs SET progress = ?::jsonb, epochs = ?::jsonb, heartbeat_at = now() "
                + "WHERE id = ? AND status = 'RUNNING'", write(progress), write(epochs), id);
    }

    public void fail(long id, JobProgress progress, List<EpochRecord> epochs, String error) {
        update("UPDATE training.training_runs SET status = 'FAILED', finished_at = now(), progress = ?::jsonb, "
                + "epochs = ?::jsonb, error = ? WHERE id = ?", write(progress), write(epochs), error, id);
    }

    /** Marks the run SUCCEEDED in the caller's transaction (the one that registers its version). */
    void succeed(Connection c, long id, JobProgress progress, List<EpochRecord> epochs, MetricsView.Report metrics,
                 long version, boolean activated) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE training.training_runs SET status = 'SUCCEEDED', "
                + "finished_at = now(), progress = ?::jsonb, epochs = ?::jsonb, metrics = ?::jsonb, model_version = ?, "
                + "activated = ? WHERE id = ?")) {
            ps.setString(1, write(progress));
            ps.setString(2, write(epochs));
            ps.setString(3, write(metrics));
            ps.setLong(4, version);
            ps.setBoolean(5, activated);
            ps.setLong(6, id);
            ps.executeUpdate();
        }
    }

    /** Fails runs whose worker stopped sending heartbeats (its process died). */
    public int failAbandoned(int heartbeatTimeoutSeconds) {
        return update("UPDATE training.training_runs SET status = 'FAILED', finished_at = now(), error = "
                + "'the training-service process running this training stopped before it finished; no model version "
                + "was registered' WHERE status IN ('QUEUED', 'RUNNING') AND heartbeat_at < now() - make_interval(secs => ?)",
                heartbeatTimeoutSeconds);
    }

    private List<TrainingRun> query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<TrainingRun> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(map(rs));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read training runs", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update a training run", e);
        }
    }

    private TrainingRun map(ResultSet rs) throws SQLException {
        long version = rs.getLong("model_version");
        Long modelVersion = rs.wasNull() ? null : version;
        boolean activated = rs.getBoolean("activated");
        Boolean activatedOrNull = rs.wasNull() ? null : activated;
        return new TrainingRun(rs.getLong("id"), JobStatus.valueOf(rs.getString("status")),
                read(rs.getString("params"), new TypeReference<TrainingRequest>() { }),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                read(rs.getString("progress"), new TypeReference<JobProgress>() { }),
                read(rs.getString("epochs"), new TypeReference<List<EpochRecord>>() { }),
                read(rs.getString("metrics"), new TypeReference<MetricsView.Report>() { }),
                modelVersion, activatedOrNull, rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
