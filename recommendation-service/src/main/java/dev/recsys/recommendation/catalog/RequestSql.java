package dev.recsys.recommendation.catalog;

import dev.recsys.platform.db.Sql;
import dev.recsys.recommendation.RecommendationsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * The database reads a request makes (catalog rows, a user's ratings, the serving lists, the running
 * experiment): each waits at most {@code recsys.recommendations.request-db-timeout-millis} (250 ms)
 * for the database's answer, and a read that finds the database unreachable tells
 * {@link RatingChanges}, so that the requests after it answer from what is cached at once instead of
 * each waiting out its own timeout. Background work (popularity, batch runs) uses {@link Sql}.
 */
@ApplicationScoped
public class RequestSql {

    private final Sql sql;
    private final RatingChanges changes;

    public RequestSql(Sql sql, RatingChanges changes, RecommendationsConfig.Serving config) {
        this.sql = sql.withNetworkTimeout(Duration.ofMillis(config.requestDbTimeoutMillis()));
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
