package dev.recsys.recommendation.recommend;

import dev.recsys.model.RatingScale;
import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.catalog.CatalogLookup;
import dev.recsys.recommendation.catalog.DegradedReads;
import dev.recsys.recommendation.experiment.ExperimentService;
import dev.recsys.recommendation.explain.Explanations;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A user's recommendations, in order of preference: the serving batch list (minus what the user
 * rated or marked not-interested since), else live scoring with the active model, else popularity.
 * Never a rated or not-interested movie. A user in a running experiment's variant that pins another
 * version gets the list that version scored in the batch run, or a live list from it when the run
 * predates the experiment.
 */
@ApplicationScoped
public class RecommendationService {

    public static final int MAX_LIMIT = 100;

    private final ServingModel serving;
    private final CatalogLookup catalog;
    private final Explanations explanations;
    private final ServingLists servingLists;
    private final DegradedReads degraded;
    private final ExperimentService experiments;

    public RecommendationService(ServingModel serving, CatalogLookup catalog, Explanations explanations,
                                 ServingLists servingLists, DegradedReads degraded, ExperimentService experiments) {
        this.experiments = experiments;
        this.explanations = explanations;
        this.servingLists = servingLists;
        this.serving = serving;
        this.catalog = catalog;
        this.degraded = degraded;
    }

    private record Ranked(String source, Long modelVersion, Instant generatedAt, List<Integer> movieIds) {
    }

    /** At most this many ids in {@code exclude}. */
    public static final int MAX_EXCLUDED = 1000;

    /**
     * The ids of a request's {@code exclude} parameter ("1,2,3"; null or blank: none): movies the
     * client does not want in this list, on top of those the user rated or marked not-interested.
     */
    public static Set<Integer> excludeList(String exclude) {
        if (exclude == null || exclude.isBlank()) {
            return Set.of();
        }
        String[] parts = exclude.split(",");
        if (parts.length > MAX_EXCLUDED) {
            throw ProblemException.badRequest("exclude", "at most " + MAX_EXCLUDED + " movie ids; this one has " + parts.length);
        }
        Set<Integer> ids = new HashSet<>();
        for (String part : parts) {
            try {
                int id = Integer.parseInt(part.strip());
                if (id > 0) {
                    ids.add(id);
                    continue;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ProblemException.badRequest("exclude", "'" + (part.length() > 20 ? part.substring(0, 20) + "…" : part)
                    + "' is not a movie id: give comma-separated positive integers, like 1,2,3");
        }
        return ids;
    }

    /** The recommendations, with reasons per movie when {@code explain} is set. */
    public Recommendations recommend(int userId, int limit, String genre, boolean explain, Set<Integer> exclude) {
        // One read of the served model per request: a hot swap in between cannot mix two versions.
        Optional<ServingModel.Loaded> active = serving.current();
        Optional<ExperimentService.Arm> arm = userId > 0 ? experiments.armOf(userId, active) : Optional.empty();
        Optional<ServingModel.Loaded> loaded = arm.map(a -> Optional.of(a.model())).orElse(active);
        // A variant pinning another version is served that version's batch list, else scored live by it.
        Optional<Long> pinned = arm.filter(a -> a.variant().version() != null).map(a -> a.model().version());
        Recommendations recommendations = recommend(userId, limit, genre, exclude, loaded, pinned);
        if (arm.isPresent()) {
            recommendations = recommendations.inExperiment(arm.get().experiment().id(), arm.get().variant().name());
        }
        if (explain) {
            Map<Integer, List<String>> reasons;
            try {
                reasons = explanations.explain(userId, recommendations.items(),
                        loaded.map(ServingModel.Loaded::model).orElse(null));
            } catch (RuntimeException e) {
                if (!Sql.isDatabaseUnavailable(e)) {
                    throw e;
                }
                degraded.mark();   // the list still stands; its reasons need the database
                reasons = Map.of();
            }
            Map<Integer, List<String>> found = reasons;
            recommendations = recommendations.withItems(recommendations.items().stream()
                    .map(item -> item.withReasons(found.getOrDefault(item.movieId(), List.of()))).toList());
        }
        return degraded.degraded() ? recommendations.markedDegraded() : recommendations;
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
            throw ProblemException.tooLarge("at most 1000 movies per request; this one has "
                    + request.movieIds().size());
        }
        ServingModel.Loaded loaded = serving.require();
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
            entries.add(new RankedMovies.Entry(0, movieId, RatingScale.clamp(rating)));
        }
        entries.sort((a, b) -> Double.compare(b.predictedRating(), a.predictedRating()));
        List<RankedMovies.Entry> ranked = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            ranked.add(new RankedMovies.Entry(k + 1, entries.get(k).movieId(), entries.get(k).predictedRating()));
        }
        return new RankedMovies(userId, loaded.version(), user < 0, ranked, unknown);
    }

    private Recommendations recommend(int userId, int limit, String genre, Set<Integer> exclude,
                                      Optional<ServingModel.Loaded> loaded, Optional<Long> pinned) {
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
        Optional<Recommendations> batch = fromBatch(userId, limit, wantedGenre, exclude, loaded, pinned);
        if (batch.isPresent()) {
            return batch.get();
        }
        Ranked ranked = live(userId, loaded).orElseGet(this::popular);
        Set<Integer> excluded = catalog.excludedMovies(userId).orElseGet(() -> trainedMovies(userId, loaded));
        List<Integer> candidates = ranked.movieIds().stream().filter(id -> !excluded.contains(id)).toList();
        return new Recommendations(userId, ranked.source(), ranked.modelVersion(), ranked.generatedAt(),
                items(userId, candidates, wantedGenre, exclude, limit, loaded));
    }

    /**
     * The response items: the first {@code limit} known movies in the genre and not in {@code exclude},
     * each with its predicted rating.
     */
    private List<Recommendations.Item> items(int userId, List<Integer> rankedIds, String genre, Set<Integer> exclude,
                                             int limit, Optional<ServingModel.Loaded> loaded) {
        List<Integer> wanted = exclude.isEmpty() ? rankedIds : rankedIds.stream().filter(id -> !exclude.contains(id)).toList();
        List<Recommendations.Item> items = new ArrayList<>();
        for (CatalogLookup.Listed movie : catalog.firstKnown(wanted, genre, limit)) {
            items.add(new Recommendations.Item(items.size() + 1, movie.movieId(), movie.info().title(), movie.info().year(),
                    movie.info().genres(), predictedRating(loaded, userId, movie.movieId())));
        }
        return items;
    }

    /** What the model was trained on for the user: the exclusions known without the database. */
    private static Set<Integer> trainedMovies(int userId, Optional<ServingModel.Loaded> loaded) {
        Set<Integer> movies = new HashSet<>();
        loaded.ifPresent(l -> {
            int user = l.model().userIndex(userId);
            if (user >= 0) {
                for (int item : l.model().trainedItems(user)) {
                    movies.add(l.model().itemId(item));
                }
            }
        });
        return movies;
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
        return RatingScale.clamp(rating);
    }

    /**
     * The serving batch list (cached in memory), minus the movies the user has rated by now and
     * movies outside the genre (while the database is down: by the last check). Empty when the user has no list in the serving run.
     */
    private Optional<Recommendations> fromBatch(int userId, int limit, String genre, Set<Integer> exclude,
                                                Optional<ServingModel.Loaded> loaded, Optional<Long> pinned) {
        Optional<ServingLists.ServingRun> run = servingLists.servingRun();
        if (run.isEmpty()) {
            return Optional.empty();
        }
        long version = pinned.orElse(run.get().modelVersion());
        Optional<List<Integer>> list = servingLists.listWithoutExcluded(run.get(), userId, version);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Recommendations(userId, "batch", version, run.get().generatedAt(),
                items(userId, list.get(), genre, exclude, limit, loaded)));
    }

    /** Scores every movie for the user now (all movies, so the genre filter and exclusions never run short). */
    private Optional<Ranked> live(int userId, Optional<ServingModel.Loaded> loaded) {
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
