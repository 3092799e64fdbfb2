package dev.recsys.ingestion.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.ingestion.load.EntityCounts;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.Reject;
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
import java.util.Map;
import java.util.Optional;

/**
 * Ingestion job records in {@code catalog.ingestion_runs}. Every write is its own short
 * transaction, separate from the (long) loading transaction, so progress is visible to every
 * replica while the load is still uncommitted.
 */
@ApplicationScoped
public class IngestionRunRepository {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, source, location, status, release, created_at, started_at, finished_at, "
            + "progress, counts, rejects, error";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public IngestionRunRepository(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Records a new QUEUED run; 409 if another one is queued or running (on any replica). */
    public IngestionRun create(String source, String location) {
        String sql = "INSERT INTO catalog.ingestion_runs (source, location, status) VALUES (?, ?, 'QUEUED') RETURNING " + COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source);
            ps.setString(2, location);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return map(rs);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                long active = activeRunId().orElse(-1L);
                throw ProblemException.conflict("ingestion " + active + " is already queued or running; "
                        + "wait for it to finish (GET /api/v1/ingestions/" + active + ")");
            }
            throw new IllegalStateException("could not record the ingestion", e);
        }
    }

    public Optional<IngestionRun> find(long id) {
        return query("SELECT " + COLUMNS + " FROM catalog.ingestion_runs WHERE id = ?", id).stream().findFirst();
    }

    public List<IngestionRun> latest(int limit) {
        return query("SELECT " + COLUMNS + " FROM catalog.ingestion_runs ORDER BY id DESC LIMIT ?", limit);
    }

    public void markRunning(long id) {
        update("UPDATE catalog.ingestion_runs SET status = 'RUNNING', started_at = now(), heartbeat_at = now() WHERE id = ?", id);
    }

    public void setRelease(long id, String release) {
        update("UPDATE catalog.ingestion_runs SET release = ? WHERE id = ?", release, id);
    }

    public void reportProgress(long id, JobProgress progress, IngestionReport report) {
        update("UPDATE catalog.ingestion_runs SET progress = ?::jsonb, counts = ?::jsonb, rejects = ?::jsonb, "
                        + "heartbeat_at = now() WHERE id = ? AND status = 'RUNNING'",
                write(progress), write(report.countsSnapshot()), write(report.rejects()), id);
    }

    public void finish(long id, JobStatus status, JobProgress progress, IngestionReport report, String error) {
        update("UPDATE catalog.ingestion_runs SET status = ?, finished_at = now(), progress = ?::jsonb, "
                        + "counts = ?::jsonb, rejects = ?::jsonb, error = ? WHERE id = ?",
                status.name(), write(progress), write(report.countsSnapshot()), write(report.rejects()), error, id);
    }

    /** Marks runs whose worker stopped sending heartbeats (its process died) as FAILED; returns how many. */
    public int failAbandoned(int heartbeatTimeoutSeconds) {
        return update("UPDATE catalog.ingestion_runs SET status = 'FAILED', finished_at = now(), error = "
                + "'the ingestion-service process running this ingestion stopped before it finished; "
                + "nothing from it was committed' "
                + "WHERE status IN ('QUEUED', 'RUNNING') AND heartbeat_at < now() - make_interval(secs => ?)",
                heartbeatTimeoutSeconds);
    }

    public Optional<Instant> lastSucceededAt() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT max(finished_at) FROM catalog.ingestion_runs WHERE status = 'SUCCEEDED'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return Optional.ofNullable(t).map(Timestamp::toInstant);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read ingestion runs", e);
        }
    }

    private Optional<Long> activeRunId() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM catalog.ingestion_runs WHERE status IN ('QUEUED', 'RUNNING')");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private List<IngestionRun> query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<IngestionRun> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(map(rs));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read ingestion runs", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update ingestion run", e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private IngestionRun map(ResultSet rs) throws SQLException {
        return new IngestionRun(rs.getLong("id"), rs.getString("source"), rs.getString("location"),
                JobStatus.valueOf(rs.getString("status")), rs.getString("release"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"),
                read(rs.getString("progress"), new TypeReference<JobProgress>() { }),
                read(rs.getString("counts"), new TypeReference<Map<String, EntityCounts.Snapshot>>() { }),
                read(rs.getString("rejects"), new TypeReference<List<Reject>>() { }),
                rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private String write(Object value) {
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
