package dev.recsys.recommendation.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.catalog.RequestSql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Experiments in {@code recs.experiments}; at most one RUNNING (a partial unique index). */
@ApplicationScoped
public class ExperimentRepository {

    private static final String COLUMNS = "id, name, status, variants, created_at, ends_at, stopped_at, promoted_variant";
    private static final TypeReference<List<Experiment.Variant>> VARIANTS = new TypeReference<>() {
    };

    private final Sql sql;
    private final RequestSql requestSql;
    private final ObjectMapper json;

    public ExperimentRepository(Sql sql, RequestSql requestSql, ObjectMapper json) {
        this.sql = sql;
        this.requestSql = requestSql;
        this.json = json;
    }

    /** Records a RUNNING experiment; 409 when one is already running. */
    public Experiment create(String name, List<Experiment.Variant> variants, Instant endsAt) {
        return sql.insertUnique("INSERT INTO recs.experiments (name, status, variants, ends_at) "
                        + "VALUES (?, 'RUNNING', ?::jsonb, ?) RETURNING " + COLUMNS, this::map,
                () -> ProblemException.conflict("an experiment is already running: stop or promote it first "
                        + "(GET /api/v1/experiments?status=RUNNING)"),
                name, write(variants), endsAt == null ? null : Timestamp.from(endsAt));
    }

    public Optional<Experiment> find(long id) {
        return sql.query("SELECT " + COLUMNS + " FROM recs.experiments WHERE id = ?", this::map, id).stream().findFirst();
    }

    public List<Experiment> latest(int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM recs.experiments ORDER BY id DESC LIMIT ?", this::map, limit);
    }

    /**
     * The running experiment, after stopping one whose end time has passed. Asked on the request
     * path (at most once a second): a database that hangs fails it within the request timeout.
     */
    public Optional<Experiment> running() {
        requestSql.update("UPDATE recs.experiments SET status = 'STOPPED', stopped_at = ends_at "
                + "WHERE status = 'RUNNING' AND ends_at <= now()");
        return requestSql.query("SELECT " + COLUMNS + " FROM recs.experiments WHERE status = 'RUNNING'", this::map)
                .stream().findFirst();
    }

    /** Stops it if it is running (promotedVariant: the variant activated, or null); false when it was not running. */
    public boolean stop(long id, String promotedVariant) {
        return sql.update("UPDATE recs.experiments SET status = 'STOPPED', stopped_at = now(), promoted_variant = ? "
                + "WHERE id = ? AND status = 'RUNNING'", promotedVariant, id) == 1;
    }

    private Experiment map(ResultSet rs) throws SQLException {
        try {
            return new Experiment(rs.getLong("id"), rs.getString("name"), rs.getString("status"),
                    json.readValue(rs.getString("variants"), VARIANTS), Sql.instant(rs, "created_at"),
                    Sql.instant(rs, "ends_at"), Sql.instant(rs, "stopped_at"), rs.getString("promoted_variant"));
        } catch (JsonProcessingException e) {
            throw new SQLException("experiment " + rs.getLong("id") + " has unreadable variants: " + e.getMessage(), e);
        }
    }

    private String write(List<Experiment.Variant> variants) {
        try {
            return json.writeValueAsString(variants);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
