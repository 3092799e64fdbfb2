package dev.recsys.recommendation.discovery;

import dev.recsys.model.RatingScale;
import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.rerank.ListReranker;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.catalog.CatalogLookup;
import dev.recsys.recommendation.recommend.ListShaping;
import dev.recsys.recommendation.recommend.RecommendationService;
import dev.recsys.recommendation.recommend.Recommendations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Recommendations that start from movies rather than a stored user: similar, popular, anonymous visitors. */
@ApplicationScoped
public class DiscoveryService {

    /** A visitor's ratings are folded in per request: cap the work one request can ask for. */
    public static final int MAX_ANONYMOUS_RATINGS = 1_000;



    private final ServingModel serving;
    private final CatalogLookup catalog;
    private final ListShaping shaping;

    public DiscoveryService(ServingModel serving, CatalogLookup catalog, ListShaping shaping) {
        this.serving = serving;
        this.catalog = catalog;
        this.shaping = shaping;
    }

    public MovieList similar(int movieId, int limit) {
        checkLimit(limit);
        ServingModel.Loaded loaded = serving.require();
        HybridModel model = loaded.model();
        int item = model.movieIndex(movieId);
        if (item < 0) {
            throw ProblemException.notFound("movie " + movieId + " is not known to the active model");
        }
        float[] similarity = new float[model.movieCount()];
        model.similarities(item, similarity);
        int[] top = new int[Math.min(limit, model.movieCount())];
        int found = TopK.select(similarity, top);
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < found; k++) {
            ids.add(model.movieId(top[k]));
        }
        List<MovieList.Entry> items = new ArrayList<>();
        for (CatalogLookup.Listed movie : catalog.firstKnown(ids, null, found)) {
            items.add(new MovieList.Entry(items.size() + 1, movie.movieId(), movie.info().title(), movie.info().year(),
                    movie.info().genres(), (double) similarity[top[movie.position()]]));
        }
        return new MovieList(movieId, null, loaded.version(), items);
    }

    public MovieList popular(int limit, String genre) {
        checkLimit(limit);
        String wanted = checkGenre(genre);
        List<Integer> popular = catalog.popularMovies();
        List<MovieList.Entry> items = new ArrayList<>();
        for (CatalogLookup.Listed movie : catalog.firstKnown(popular, wanted, limit)) {
            items.add(new MovieList.Entry(items.size() + 1, movie.movieId(), movie.info().title(), movie.info().year(),
                    movie.info().genres(), null));
        }
        return new MovieList(null, wanted, null, items);
    }

    public AnonymousRecommendations anonymous(AnonymousRequest request) {
        if (request == null || request.ratings() == null) {
            throw ProblemException.badRequest("ratings", "is required: a list of {movieId, rating}");
        }
        if (request.ratings().size() > MAX_ANONYMOUS_RATINGS) {
            throw ProblemException.tooLarge("at most " + MAX_ANONYMOUS_RATINGS + " ratings per visitor; this request has "
                    + request.ratings().size());
        }
        int limit = request.limit() == null ? 10 : request.limit();
        checkLimit(limit);
        String wanted = checkGenre(request.genre());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < request.ratings().size(); i++) {
            AnonymousRequest.Rated r = request.ratings().get(i);
            if (r == null || r.movieId() == null || r.movieId() <= 0) {
                errors.add(new FieldError("ratings[" + i + "].movieId", "must be a positive integer"));
            } else if (r.rating() == null || r.rating() < 0.5 || r.rating() > 5.0 || r.rating() * 2 != Math.rint(r.rating() * 2)) {
                errors.add(new FieldError("ratings[" + i + "].rating", "must be 0.5 to 5.0 in half stars"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.size() + " invalid rating(s): " + errors.get(0).field() + " "
                    + errors.get(0).message(), errors);
        }
        List<Integer> exclude = request.exclude() == null ? List.of() : request.exclude();
        if (exclude.size() > RecommendationService.MAX_EXCLUDED) {
            throw ProblemException.badRequest("exclude", "at most " + RecommendationService.MAX_EXCLUDED
                    + " movie ids; this request has " + exclude.size());
        }
        for (int i = 0; i < exclude.size(); i++) {
            if (exclude.get(i) == null || exclude.get(i) <= 0) {
                throw ProblemException.badRequest("exclude[" + i + "]", "must be a positive integer");
            }
        }
        ListReranker.Knobs knobs = shaping.knobs(request.diversity(), request.novelty());
        ServingModel.Loaded loaded = serving.require();
        HybridModel model = loaded.model();
        List<Integer> unknown = new ArrayList<>();
        List<Integer> items = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        Set<Integer> rated = new HashSet<>();
        for (AnonymousRequest.Rated r : request.ratings()) {
            int item = model.movieIndex(r.movieId());
            rated.add(r.movieId());
            if (item < 0) {
                unknown.add(r.movieId());
            } else {
                items.add(item);
                values.add(r.rating().floatValue());
            }
        }
        Set<Integer> excluded = new HashSet<>(exclude);
        if (items.isEmpty()) {
            List<Integer> candidates = catalog.popularMovies().stream()
                    .filter(id -> !rated.contains(id) && !excluded.contains(id)).toList();
            List<Recommendations.Item> popular = new ArrayList<>();
            for (CatalogLookup.Listed movie : shaping.shape(catalog.firstKnown(candidates, wanted, ListShaping.cut(limit, knobs)),
                    limit, knobs, catalog::ratingCount)) {
                popular.add(new Recommendations.Item(popular.size() + 1, movie.movieId(), movie.info().title(),
                        movie.info().year(), movie.info().genres(), null));
            }
            return new AnonymousRecommendations("popular", null, popular, unknown);
        }
        float[] ratings = new float[values.size()];
        for (int k = 0; k < ratings.length; k++) {
            ratings[k] = values.get(k);
        }
        float[] scores = new float[model.movieCount()];
        // The same ranking as a signed-up user's live list: folded in, blended with popularity.
        HybridModel.FoldedUser visitor = loaded.live().scores(items.stream().mapToInt(Integer::intValue).toArray(), ratings,
                scores);
        for (int item : items) {
            scores[item] = Float.NEGATIVE_INFINITY;
        }
        for (int movieId : excluded) {
            int item = model.movieIndex(movieId);
            if (item >= 0) {
                scores[item] = Float.NEGATIVE_INFINITY;
            }
        }
        int[] top = new int[Math.min(model.movieCount(), 1000)];
        int found = TopK.select(scores, top);
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < found; k++) {
            ids.add(model.movieId(top[k]));
        }
        List<Recommendations.Item> result = new ArrayList<>();
        for (CatalogLookup.Listed movie : shaping.shape(catalog.firstKnown(ids, wanted, ListShaping.cut(limit, knobs)),
                limit, knobs, movieId -> scores[model.movieIndex(movieId)])) {
            double rating = model.predict(visitor, top[movie.position()]);
            result.add(new Recommendations.Item(result.size() + 1, movie.movieId(), movie.info().title(), movie.info().year(),
                    movie.info().genres(), RatingScale.clamp(rating)));
        }
        return new AnonymousRecommendations("anonymous", loaded.version(), result, unknown);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > RecommendationService.MAX_LIMIT) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + RecommendationService.MAX_LIMIT);
        }
    }

    private String checkGenre(String genre) {
        return catalog.requireKnownGenre("genre", genre);
    }
}
