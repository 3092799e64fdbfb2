package dev.recsys.recommendation.catalog;

import dev.recsys.platform.db.RequestDatabase;
import dev.recsys.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The database reads a request makes (catalog rows, a user's ratings, the serving lists, the running
 * experiment), through the platform's {@link RequestDatabase}: each waits at most {@code recsys.db.request-timeout-millis}
 * (250 ms in this service)
 * for the database's answer, and a read that finds the database unreachable tells
 * {@link RatingChanges}, so that the requests after it answer from what is cached at once instead of
 * each waiting out its own timeout. Background work (popularity, batch runs) uses {@link Sql}.
 */
@ApplicationScoped
public class RequestSql {

    private final Sql sql;
    private final RatingChanges changes;

    public RequestSql(RequestDatabase database, RatingChanges changes) {
        this.sql = database.sql();
        this.changes = changes;
    }

    public <T> List<T> query(String statement, Sql.RowMapper<T> mapper, Object... args) {
        try {
            return sql.query(statement, mapper, args);
        } catch (RuntimeException e) {
            changes.readFailed(e);
            throw e;
        }
    }

    public int update(String statement, Object... args) {
        try {
            return sql.update(statement, args);
        } catch (RuntimeException e) {
            changes.readFailed(e);
            throw e;
        }
    }
}
