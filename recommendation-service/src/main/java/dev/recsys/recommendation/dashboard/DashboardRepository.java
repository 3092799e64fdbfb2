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

    // The active version's held-out public-rating movies: at most 2,000 points for the scatter, the 10 released most
    // recently with their IMDb and TMDB ids for links. R² and coverage are the served kind's (the ridge's or the trees').
    private static final String PUBLIC_RATING = """
            WITH v AS (SELECT version, metrics, coalesce(metrics #>> '{publicRating,served}', 'ridge') AS served,
                              CASE WHEN metrics #>> '{publicRating,served}' = 'trees' THEN 'trees' ELSE 'model' END AS kind
                       FROM training.model_versions WHERE status = 'ACTIVE'),
            h AS (SELECT h.*, m.imdb_id, coalesce(h.tmdb_id, m.tmdb_id) AS linked_tmdb_id
                  FROM training.public_rating_held_out h JOIN v USING (version)
                  LEFT JOIN catalog.movies m ON m.movie_id = h.movie_id)
            SELECT json_build_object(
              'version', (SELECT version FROM v),
              'scale', coalesce((SELECT metrics #>> '{publicRating,scale}' FROM v), 'imdb'),
              'served', (SELECT served FROM v),
              'r2', (SELECT metrics -> 'publicRating' -> kind -> 'r2' FROM v),
              'coverage', (SELECT metrics -> 'publicRating' -> kind -> 'coverage' FROM v),
              'ridgeR2', (SELECT metrics #> '{publicRating,model,r2}' FROM v),
              'treesR2', (SELECT metrics #> '{publicRating,trees,r2}' FROM v),
              'heldOut', (SELECT count(*) FROM h),
              'points', (SELECT coalesce(json_agg(json_build_object('predicted', predicted, 'actual', actual)), '[]')
                         FROM (SELECT predicted, actual FROM h ORDER BY position LIMIT 2000) p),
              'recent', (SELECT coalesce(json_agg(r), '[]') FROM (
                  SELECT movie_id AS "movieId", title, year, predicted, low, high, actual, imdb_id AS "imdbId",
                         linked_tmdb_id AS "tmdbId"
                  FROM h ORDER BY year DESC NULLS LAST, position LIMIT 10) r))::text
            """;

    private final Sql sql;

    public DashboardRepository(Sql sql) {
        this.sql = sql;
    }

    /** The latest model versions (metrics, baselines, training curves) and runs of every job kind. */
    public String overview(int limit) {
        return sql.query(OVERVIEW, rs -> rs.getString(1), limit, limit, limit, limit).get(0);
    }

    /**
     * The active version's public rating on its held-out movies: R², interval coverage, predicted against actual
     * points and the most recently released of them ({"version": null, …} without an active version).
     */
    public String publicRating() {
        return sql.query(PUBLIC_RATING, rs -> rs.getString(1)).get(0);
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
