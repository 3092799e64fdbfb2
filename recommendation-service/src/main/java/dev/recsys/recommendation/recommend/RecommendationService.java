package dev.recsys.recommendation.recommend;

import dev.recsys.model.RatingScale;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.rerank.ListReranker;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.RecommendationsConfig;
import dev.recsys.recommendation.catalog.CatalogLookup;
import dev.recsys.recommendation.catalog.CurrentRatings;
import dev.recsys.recommendation.catalog.DegradedReads;
import dev.recsys.recommendation.experiment.ExperimentService;
import dev.recsys.recommendation.explain.Explanations;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

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
    private final CurrentRatings currentRatings;
    private final ListShaping shaping;
    private final int liveFirstCut;

    public RecommendationService(ServingModel serving, CatalogLookup catalog, Explanations explanations,
                                 ServingLists servingLists, DegradedReads degraded, ExperimentService experiments,
                                 CurrentRatings currentRatings, ListShaping shaping, RecommendationsConfig.Serving config) {
        this.currentRatings = currentRatings;
        this.shaping = shaping;
        this.liveFirstCut = config.liveFirstCut();
        this.experiments = experiments;
        this.explanations = explanations;
        this.servingLists = servingLists;
        this.serving = serving;
        this.catalog = catalog;
        this.degraded = degraded;
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

    /**
     * The recommendations, with reasons per movie when {@code explain} is set, re-ranked by the
     * diversity and novelty knobs ({@link ListShaping}).
     */
    public Recommendations recommend(int userId, int limit, String genre, boolean explain, Set<Integer> exclude,
                                     ListReranker.Knobs knobs) {
        // One read of the served model per request: a hot swap in between cannot mix two versions.
        Optional<ServingModel.Loaded> active = serving.current();
        Optional<ExperimentService.Arm> arm = userId > 0 ? experiments.armOf(userId, active) : Optional.empty();
        Optional<ServingModel.Loaded> loaded = arm.map(a -> Optional.of(a.model())).orElse(active);
        // A variant pinning another version is served that version's batch list, else scored live by it.
        Optional<Long> pinned = arm.filter(a -> a.variant().version() != null).map(a -> a.model().version());
        Recommendations recommendations = recommend(userId, limit, genre, exclude, knobs, loaded, pinned);
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
            int item = model.movieIndex(movieId);
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

    private Recommendations recommend(int userId, int limit, String genre, Set<Integer> exclude, ListReranker.Knobs knobs,
                                      Optional<ServingModel.Loaded> loaded, Optional<Long> pinned) {
        if (userId <= 0) {
            throw ProblemException.badRequest("userId", "must be a positive integer");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        String wantedGenre = catalog.requireKnownGenre("genre", genre);
        Optional<CurrentRatings.UserRatings> current = currentRatings.of(userId);
        // A batch list stands until the user's ratings say something new (LiveLists.changedSinceTraining).
        boolean changed = current.isPresent() && loaded.isPresent() && current.get().changedSince(loaded.get().version(),
                () -> LiveLists.changedSinceTraining(loaded.get().model(), userId, current.get()));
        if (!changed) {
            Optional<Recommendations> batch = fromBatch(userId, limit, wantedGenre, exclude, knobs, loaded, pinned);
            if (batch.isPresent()) {
                return batch.get();
            }
        }
        Set<Integer> excluded = new HashSet<>(exclude);
        excluded.addAll(current.map(CurrentRatings.UserRatings::excluded).orElseGet(() -> trainedMovies(userId, loaded)));
        LiveLists.Scored scored = loaded.map(l -> LiveLists.score(l, userId, current.orElse(null), excluded)).orElse(null);
        if (scored == null) {
            List<Integer> popular = catalog.popularMovies().stream().filter(id -> !excluded.contains(id)).toList();
            return new Recommendations(userId, "popular", null, Instant.now(),
                    items(popular, catalog::ratingCount, wantedGenre, limit, knobs, movieId -> predictedRating(loaded, userId, movieId)));
        }
        HybridModel model = loaded.get().model();
        IntFunction<Double> rating = movieId -> {
            int item = model.movieIndex(movieId);
            return item < 0 ? null : RatingScale.clamp(scored.rating().applyAsDouble(item));
        };
        IntToDoubleFunction score = movieId -> scored.scores()[model.movieIndex(movieId)];
        List<Recommendations.Item> items = items(ids(scored.top(model, liveFirstCut)), score, wantedGenre, limit, knobs, rating);
        if (items.size() < limit && model.movieCount() > liveFirstCut) {
            // The genre filter (or movies missing from the catalog) left the list short: rank the whole catalog.
            items = items(ids(scored.top(model, model.movieCount())), score, wantedGenre, limit, knobs, rating);
        }
        Recommendations live = new Recommendations(userId, "live", loaded.get().version(), Instant.now(), items);
        return scored.folded() ? live.asFolded() : live;
    }

    private static List<Integer> ids(int[] movieIds) {
        return Arrays.stream(movieIds).boxed().toList();
    }

    /**
     * The response items: the first {@code limit} known movies of {@code rankedIds} in the genre (or,
     * with a knob set, the first {@link ListShaping#CANDIDATES} re-ranked by their {@code score}), each with
     * its predicted rating.
     */
    private List<Recommendations.Item> items(List<Integer> rankedIds, IntToDoubleFunction score, String genre, int limit,
                                             ListReranker.Knobs knobs, IntFunction<Double> rating) {
        List<Recommendations.Item> items = new ArrayList<>();
        List<CatalogLookup.Listed> listed = catalog.firstKnown(rankedIds, genre, ListShaping.cut(limit, knobs));
        for (CatalogLookup.Listed movie : shaping.shape(listed, limit, knobs, score)) {
            items.add(new Recommendations.Item(items.size() + 1, movie.movieId(), movie.info().title(), movie.info().year(),
                    movie.info().genres(), rating.apply(movie.movieId())));
        }
        return items;
    }

    /** What the model was trained on for the user: the exclusions known without the database. */
    private static Set<Integer> trainedMovies(int userId, Optional<ServingModel.Loaded> loaded) {
        Set<Integer> movies = new HashSet<>();
        loaded.ifPresent(l -> {
            int user = l.model().userIndex(userId);
            if (user >= 0) {
                for (int item : l.model().trainedMovies(user)) {
                    movies.add(l.model().movieId(item));
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
        int item = model.movieIndex(movieId);
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
                                                ListReranker.Knobs knobs, Optional<ServingModel.Loaded> loaded,
                                                Optional<Long> pinned) {
        Optional<ServingLists.ServingRun> run = servingLists.servingRun();
        if (run.isEmpty()) {
            return Optional.empty();
        }
        long version = pinned.orElse(run.get().modelVersion());
        Optional<ServingLists.ScoredList> list = servingLists.listWithoutExcluded(run.get(), userId, version);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> stored = list.get().movieIds();
        List<Integer> wanted = exclude.isEmpty() ? stored : stored.stream().filter(id -> !exclude.contains(id)).toList();
        return Optional.of(new Recommendations(userId, "batch", version, run.get().generatedAt(),
                items(wanted, list.get()::score, genre, limit, knobs, movieId -> predictedRating(loaded, userId, movieId))));
    }

}
