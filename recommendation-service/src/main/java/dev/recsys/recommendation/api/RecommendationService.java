package dev.recsys.recommendation.api;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.batch.BatchRunRepository;
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

    private final BatchRunRepository batches;
    private final ServingModel serving;
    private final CatalogLookup catalog;
    private final Sql sql;

    public RecommendationService(BatchRunRepository batches, ServingModel serving, CatalogLookup catalog, Sql sql) {
        this.batches = batches;
        this.serving = serving;
        this.catalog = catalog;
        this.sql = sql;
    }

    private record Ranked(String source, Long modelVersion, Instant generatedAt, List<Integer> movieIds) {
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
        Set<Integer> rated = catalog.ratedMovies(userId);
        Ranked ranked = fromBatch(userId).or(() -> live(userId)).orElseGet(this::popular);
        List<Integer> candidates = ranked.movieIds().stream().filter(id -> !rated.contains(id)).toList();
        Map<Integer, CatalogLookup.MovieInfo> info = catalog.movies(candidates);
        Optional<ServingModel.Loaded> loaded = serving.current();
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

    private Optional<Ranked> fromBatch(int userId) {
        Optional<Long> runId = batches.servingRunId();
        if (runId.isEmpty()) {
            return Optional.empty();
        }
        return sql.query("SELECT r.movie_ids, b.model_version, b.finished_at FROM recs.user_recommendations r "
                + "JOIN recs.batch_runs b ON b.id = r.batch_run_id WHERE r.batch_run_id = ? AND r.user_id = ?",
                rs -> new Ranked("batch", rs.getLong(2), Sql.instant(rs, "finished_at"),
                        List.of((Integer[]) rs.getArray(1).getArray())), runId.get(), userId).stream().findFirst();
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
