package dev.recsys.recommendation.dashboard;

import dev.recsys.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Read-only views for the dashboard, across the schemas of the four services (one database). Each
 * query builds its JSON in PostgreSQL: the dashboard shows the stored documents (metrics, curves,
 * progress) as they are, so there is nothing to map in between.
 */
@ApplicationScoped
public class DashboardRepository {

    private static final String OVERVIEW = """
            SELECT json_build_object(
              'models', (SELECT coalesce(json_agg(m ORDER BY m.version DESC), '[]') FROM (
                  SELECT version, training_run_id AS "trainingRunId", status, created_at AS "createdAt",
                         activated_at AS "activatedAt", metrics, data_snapshot AS "dataSnapshot",
                         training_curve AS "trainingCurve"
                  FROM training.model_versions ORDER BY version DESC LIMIT ?) m),
              'trainingRuns', (SELECT coalesce(json_agg(t ORDER BY t.id DESC), '[]') FROM (
                  SELECT id, status, created_at AS "createdAt", finished_at AS "finishedAt", progress,
                         model_version AS "modelVersion", activated, error
                  FROM training.training_runs ORDER BY id DESC LIMIT ?) t),
              'ingestions', (SELECT coalesce(json_agg(i ORDER BY i.id DESC), '[]') FROM (
                  SELECT id, source, location, status, release, created_at AS "createdAt",
                         finished_at AS "finishedAt", progress, counts, error
                  FROM catalog.ingestion_runs ORDER BY id DESC LIMIT ?) i),
              'batchRuns', (SELECT coalesce(json_agg(b ORDER BY b.id DESC), '[]') FROM (
                  SELECT id, status, model_version AS "modelVersion", users, items_per_user AS "itemsPerUser",
                         shards, created_at AS "createdAt", finished_at AS "finishedAt", progress, error
                  FROM recs.batch_runs ORDER BY id DESC LIMIT ?) b))::text
            """;

    private static final String TOP_RATED = """
            SELECT coalesce(json_agg(r ORDER BY r.rating DESC, r."ratedAt" DESC, r."movieId"), '[]')::text FROM (
                SELECT r.movie_id AS "movieId", m.title, m.year, m.genres, r.rating, r.rated_at AS "ratedAt"
                FROM catalog.ratings r JOIN catalog.movies m USING (movie_id)
                WHERE r.user_id = ? ORDER BY r.rating DESC, r.rated_at DESC, r.movie_id LIMIT ?) r
            """;

    private static final String ACTIVE_USERS = """
            SELECT coalesce(json_agg(u ORDER BY u.ratings DESC, u."userId"), '[]')::text FROM (
                SELECT user_id AS "userId", count(*) AS ratings FROM catalog.ratings
                GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT ?) u
            """;

    private final Sql sql;

    public DashboardRepository(Sql sql) {
        this.sql = sql;
    }

    /** The latest model versions (metrics, baselines, training curves) and runs of every job kind. */
    public String overview(int limit) {
        return sql.query(OVERVIEW, rs -> rs.getString(1), limit, limit, limit, limit).get(0);
    }

    /** A user's highest ratings, newest first among equal ratings. */
    public String topRated(int userId, int limit) {
        return sql.query(TOP_RATED, rs -> rs.getString(1), userId, limit).get(0);
    }

    /** The users with the most ratings: suggestions for the user picker. */
    public String mostActiveUsers(int limit) {
        return sql.query(ACTIVE_USERS, rs -> rs.getString(1), limit).get(0);
    }
}
