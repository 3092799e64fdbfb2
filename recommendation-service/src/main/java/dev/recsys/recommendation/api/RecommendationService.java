package dev.recsys.recommendation.api;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A user's recommendations, in order of preference: the serving batch list (minus what the user
 * rated since), else live scoring with the active model, else popularity. Never a rated movie.
 */
@ApplicationScoped
public class RecommendationService {

    public static final int MAX_LIMIT = 100;

    private final ServingModel serving;
    private final CatalogLookup catalog;
    private final Explanations explanations;
    private final Sql sql;

    public RecommendationService(ServingModel serving, CatalogLookup catalog, Explanations explanations, Sql sql) {
        this.explanations = explanations;
        this.serving = serving;
        this.catalog = catalog;
        this.sql = sql;
    }

    private record Ranked(String source, Long modelVersion, Instant generatedAt, List<Integer> movieIds) {
    }

    /** The recommendations, with reasons per movie when {@code explain} is set. */
    public Recommendations recommend(int userId, int limit, String genre, boolean explain) {
        Recommendations recommendations = recommend(userId, limit, genre);
        if (!explain) {
            return recommendations;
        }
        Map<Integer, List<String>> reasons = explanations.explain(userId, recommendations.items(),
                serving.current().map(ServingModel.Loaded::model).orElse(null));
        return new Recommendations(recommendations.userId(), recommendations.source(), recommendations.modelVersion(),
                recommendations.generatedAt(), recommendations.items().stream()
                .map(item -> item.withReasons(reasons.getOrDefault(item.movieId(), List.of()))).toList());
    }

    /** The given movies ranked by the user's predicted rating; movies the model does not know are listed apart. */
    public RankedMovies rank(int userId, RankRequest request) {
        if (userId <= 0) {
            throw ProblemException.badRequest("userId", "must be a positive integer");
        }
        if (request == null || request.movieIds() == null || request.movieIds().isEmpty()) {
            throw ProblemException.badRequest("movieIds", "must list 1 to 1000 movie ids");
        }
        if (request.movieIds().size() > 1000) {
            throw new ProblemException(413, "Payload Too Large", "at most 1000 movies per request; this one has "
                    + request.movieIds().size());
        }
        ServingModel.Loaded loaded = serving.current().orElseThrow(() -> new ProblemException(503, "Service Unavailable",
                "no model is loaded yet: train and activate one (POST /api/v1/training-runs on training-service)"));
        HybridModel model = loaded.model();
        int user = model.userIndex(userId);
        List<RankedMovies.Entry> entries = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < request.movieIds().size(); i++) {
            Integer movieId = request.movieIds().get(i);
            if (movieId == null || movieId <= 0) {
                throw ProblemException.badRequest("movieIds[" + i + "]", "must be a positive integer");
            }
            int item = model.itemIndex(movieId);
            if (item < 0) {
                unknown.add(movieId);
                continue;
            }
            double rating = user >= 0 ? model.predict(user, item) : model.predictWithoutUser(item);
            entries.add(new RankedMovies.Entry(0, movieId, Math.max(0.5, Math.min(5.0, rating))));
        }
        entries.sort((a, b) -> Double.compare(b.predictedRating(), a.predictedRating()));
        List<RankedMovies.Entry> ranked = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            ranked.add(new RankedMovies.Entry(k + 1, entries.get(k).movieId(), entries.get(k).predictedRating()));
        }
        return new RankedMovies(userId, loaded.version(), user < 0, ranked, unknown);
    }

    public Recommendations recommend(int userId, int limit, String genre) {
        if (userId <= 0) {
            throw ProblemException.badRequest("userId", "must be a positive integer");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (genre != null && !genre.isBlank() && !catalog.genres().contains(genre)) {
            throw ProblemException.badRequest("genre", "unknown genre '" + genre + "'; known: " + String.join(", ", catalog.genres()));
        }
        String wantedGenre = genre == null || genre.isBlank() ? null : genre;
        Optional<ServingModel.Loaded> loaded = serving.current();
        Optional<Recommendations> batch = fromBatch(userId, limit, wantedGenre, loaded);
        if (batch.isPresent()) {
            return batch.get();
        }
        Set<Integer> rated = catalog.ratedMovies(userId);
        Ranked ranked = live(userId).orElseGet(this::popular);
        List<Integer> candidates = ranked.movieIds().stream().filter(id -> !rated.contains(id)).toList();
        Map<Integer, CatalogLookup.MovieInfo> info = catalog.movies(candidates);
        List<Recommendations.Item> items = new ArrayList<>();
        for (int k = 0; k < candidates.size() && items.size() < limit; k++) {
            CatalogLookup.MovieInfo movie = info.get(candidates.get(k));
            if (movie == null || wantedGenre != null && !movie.genres().contains(wantedGenre)) {
                continue;
            }
            items.add(new Recommendations.Item(items.size() + 1, candidates.get(k), movie.title(), movie.year(),
                    movie.genres(), predictedRating(loaded, userId, candidates.get(k))));
        }
        return new Recommendations(userId, ranked.source(), ranked.modelVersion(), ranked.generatedAt(), items);
    }

    /** The active model's predicted rating (the list's order also weighs how likely the user is to pick it). */
    private static Double predictedRating(Optional<ServingModel.Loaded> loaded, int userId, int movieId) {
        if (loaded.isEmpty()) {
            return null;
        }
        HybridModel model = loaded.get().model();
        int user = model.userIndex(userId);
        int item = model.itemIndex(movieId);
        if (item < 0) {
            return null;
        }
        double rating = user >= 0 ? model.predict(user, item) : model.predictWithoutUser(item);
        return Math.max(0.5, Math.min(5.0, rating));
    }

    /**
     * The serving batch list in one round trip: movies the user rated since the batch and movies
     * outside the genre are dropped in SQL, titles joined in. Empty when the user has no list.
     */
    private Optional<Recommendations> fromBatch(int userId, int limit, String genre, Optional<ServingModel.Loaded> loaded) {
        String query = """
                SELECT b.model_version, b.finished_at, u.movie_id, m.title, m.year, m.genres
                FROM recs.serving_batch s
                JOIN recs.batch_runs b ON b.id = s.batch_run_id
                JOIN recs.user_recommendations r ON r.batch_run_id = s.batch_run_id AND r.user_id = ?
                CROSS JOIN LATERAL unnest(r.movie_ids) WITH ORDINALITY AS u(movie_id, position)
                JOIN catalog.movies m ON m.movie_id = u.movie_id
                WHERE NOT EXISTS (SELECT 1 FROM catalog.ratings x WHERE x.user_id = ? AND x.movie_id = u.movie_id)
                  AND (?::text IS NULL OR ?::text = ANY (m.genres))
                ORDER BY u.position
                LIMIT ?
                """;
        long[] version = {-1};
        Instant[] generatedAt = {null};
        List<Recommendations.Item> items = sql.query(query, rs -> {
            version[0] = rs.getLong(1);
            generatedAt[0] = Sql.instant(rs, "finished_at");
            int movieId = rs.getInt(3);
            return new Recommendations.Item(0, movieId, rs.getString(4), rs.getObject(5, Integer.class),
                    List.of((String[]) rs.getArray(6).getArray()), predictedRating(loaded, userId, movieId));
        }, userId, userId, genre, genre, limit);
        if (items.isEmpty() && !hasBatchList(userId)) {
            return Optional.empty();
        }
        List<Recommendations.Item> ranked = new ArrayList<>(items.size());
        for (int k = 0; k < items.size(); k++) {
            Recommendations.Item item = items.get(k);
            ranked.add(new Recommendations.Item(k + 1, item.movieId(), item.title(), item.year(), item.genres(),
                    item.predictedRating()));
        }
        return Optional.of(new Recommendations(userId, "batch", version[0] < 0 ? null : version[0], generatedAt[0], ranked));
    }

    private boolean hasBatchList(int userId) {
        return !sql.query("SELECT 1 FROM recs.serving_batch s JOIN recs.user_recommendations r "
                + "ON r.batch_run_id = s.batch_run_id AND r.user_id = ?", rs -> 1, userId).isEmpty();
    }

    /** Scores every movie for the user now (all movies, so the genre filter and exclusions never run short). */
    private Optional<Ranked> live(int userId) {
        Optional<ServingModel.Loaded> loaded = serving.current();
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        HybridModel model = loaded.get().model();
        int user = model.userIndex(userId);
        if (user < 0) {
            return Optional.empty();
        }
        float[] scores = new float[model.itemCount()];
        model.scores(user, scores);
        int[] top = new int[Math.min(model.itemCount(), 1000)];
        int found = TopK.select(scores, top);
        List<Integer> ids = new ArrayList<>(found);
        for (int k = 0; k < found; k++) {
            ids.add(model.itemId(top[k]));
        }
        return Optional.of(new Ranked("live", loaded.get().version(), Instant.now(), ids));
    }

    private Ranked popular() {
        return new Ranked("popular", null, Instant.now(), catalog.popularMovies());
    }
}
