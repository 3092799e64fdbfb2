package dev.recsys.recommendation.recommend;

import dev.recsys.model.rerank.GenreOverlap;
import dev.recsys.model.rerank.ListReranker;
import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.recommendation.RecommendationsConfig;
import dev.recsys.recommendation.catalog.CatalogLookup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntToDoubleFunction;

/**
 * The diversity and novelty knobs of a list request (docs/api.md): a ranked list (a stored batch list,
 * a live one or the popular one) is cut to the response from its first {@link #CANDIDATES} movies,
 * re-ranked by marginal relevance over the movies' genres and a discount on their popularity: their
 * exposure in the serving batch run's lists ({@link ListExposure}), or their rating counts before there
 * is one; both scaled within those candidates ({@link ListReranker}). Both at 0 (the default) keep the
 * list as ranked, so the knobs work on the lists already stored, without a new batch.
 */
@ApplicationScoped
public class ListShaping {

    /** How many movies of a ranked list a re-ranked response is chosen from (the batch stores 100). */
    public static final int CANDIDATES = 100;

    private final CatalogLookup catalog;
    private final ListExposure exposure;
    private final ListReranker.Knobs defaults;
    /** Each genre name's bit (catalogs have a few dozen genres; past 64 two genres would share a bit). */
    private final Map<String, Integer> genreBits = new ConcurrentHashMap<>();

    public ListShaping(CatalogLookup catalog, ListExposure exposure, RecommendationsConfig.Serving config) {
        this.catalog = catalog;
        this.exposure = exposure;
        this.defaults = new ListReranker.Knobs(config.diversity(), config.novelty());
    }

    /** The request's knobs, each falling back to the configured default; a value outside 0-1 is a 400 naming it. */
    public ListReranker.Knobs knobs(Double diversity, Double novelty) {
        List<FieldError> errors = new ArrayList<>();
        check("diversity", diversity, errors);
        check("novelty", novelty, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("diversity and novelty lie between 0 and 1", errors);
        }
        return new ListReranker.Knobs(diversity == null ? defaults.diversity() : diversity,
                novelty == null ? defaults.novelty() : novelty);
    }

    private static void check(String field, Double value, List<FieldError> errors) {
        if (value != null && !(value >= 0 && value <= 1)) {
            errors.add(new FieldError(field, "must be between 0 and 1 (0: the list as ranked); got " + value));
        }
    }

    /** How many movies to cut from a ranked list before {@link #shape}: the response's, or the candidates to re-rank. */
    public static int cut(int limit, ListReranker.Knobs knobs) {
        return knobs.keepsOrder() ? limit : Math.max(limit, CANDIDATES);
    }

    /**
     * The first {@code limit} of {@code listed} in the order to show them; {@code score} is each movie's
     * ranking score in the list (the stored or live model score; the rating count for the popular list).
     */
    public List<CatalogLookup.Listed> shape(List<CatalogLookup.Listed> listed, int limit, ListReranker.Knobs knobs,
                                            IntToDoubleFunction score) {
        if (knobs.keepsOrder()) {
            return listed.subList(0, Math.min(limit, listed.size()));
        }
        // Genres as bits, so that the overlap of two movies is two bit counts (the re-ranking compares ~1,000 pairs).
        long[] genres = new long[listed.size()];
        double[] scores = new double[listed.size()];
        double[] popularity = new double[listed.size()];
        Map<Integer, Double> exposures = knobs.novelty() > 0 ? exposure.ofServingRun() : Map.of();
        for (int c = 0; c < genres.length; c++) {
            int movieId = listed.get(c).movieId();
            for (String genre : listed.get(c).info().genres()) {
                genres[c] |= 1L << (genreBits.computeIfAbsent(genre, g -> genreBits.size()) & 63);
            }
            scores[c] = score.applyAsDouble(movieId);
            popularity[c] = exposures.isEmpty() ? catalog.ratingCount(movieId) : exposures.getOrDefault(movieId, 0.0);
        }
        int[] order = ListReranker.rerank(limit, knobs, scores, popularity, (a, b) -> GenreOverlap.jaccard(genres[a], genres[b]));
        List<CatalogLookup.Listed> shaped = new ArrayList<>(order.length);
        for (int position : order) {
            shaped.add(listed.get(position));
        }
        return shaped;
    }
}
