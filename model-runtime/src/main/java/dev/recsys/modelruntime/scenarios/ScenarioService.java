package dev.recsys.modelruntime.scenarios;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ReleaseFacts;
import dev.recsys.model.publicrating.PublicRatingModel;
import dev.recsys.model.scenarios.ScenarioScorer;
import dev.recsys.modelruntime.FranchiseMovies;
import dev.recsys.modelruntime.MovieLimits;
import dev.recsys.modelruntime.MovieTextEmbedding;
import dev.recsys.modelruntime.MovieTextInput;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.modelruntime.publicrating.PublicRatings;
import dev.recsys.modelruntime.segments.SegmentService;
import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.limits.ExpensiveWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What-if scenarios: every combination of a planned movie's alternative values, scored for the
 * served version's users from content alone, ranked by mean predicted rating or by audience.
 */
@ApplicationScoped
public class ScenarioService {

    public static final int MAX_COMBINATIONS = 1_000;
    /** Distinct titles a request may vary: each is embedded with the plot when the model reads text. */
    public static final int MAX_TITLES = 20;
    static final int SIMILAR_RELEASED = 5;
    static final int MAX_TOP = 100;

    private record Cached(long version, ScenarioScorer scorer) {
    }

    private final ServingModel serving;
    private final SegmentService segments;
    private final PublicRatings publicRatings;
    private final SimilarReleasedMovies similarReleased;
    private final AtomicReference<Cached> cache = new AtomicReference<>();
    /** Null in a service without an embedder: a text-reading model's title and plot are then listed as unused. */
    private final MovieTextEmbedding textEmbedding;

    private final FranchiseMovies franchiseMovies;

    public ScenarioService(ServingModel serving, SegmentService segments, PublicRatings publicRatings,
                           SimilarReleasedMovies similarReleased, Instance<MovieTextEmbedding> textEmbedding,
                           FranchiseMovies franchiseMovies) {
        this.franchiseMovies = franchiseMovies;
        this.serving = serving;
        this.segments = segments;
        this.publicRatings = publicRatings;
        this.similarReleased = similarReleased;
        this.textEmbedding = textEmbedding.isResolvable() ? textEmbedding.get() : null;
    }

    public ScenarioResponse evaluate(ScenarioRequest request) {
        if (request == null || request.base() == null) {
            throw ProblemException.badRequest("base", "is required: the planned movie (title, genres, directors, ...)");
        }
        String objective = request.objective() == null ? "meanRating" : request.objective();
        if (!List.of("meanRating", "audience", "imdbRating", "tmdbRating").contains(objective)) {
            throw ProblemException.badRequest("objective", "must be meanRating, audience, imdbRating or tmdbRating");
        }
        int top = request.top() == null ? 10 : request.top();
        if (top < 1 || top > MAX_TOP) {
            throw ProblemException.badRequest("top", "must be between 1 and " + MAX_TOP);
        }
        checkBase(request.base());
        List<Map<String, Object>> combinations = combinations(request.variations());
        ServingModel.Loaded loaded = serving.require();
        ScenarioScorer scorer = scorer(loaded);
        HybridModel model = loaded.model();
        PublicRatings.Served imdb = publicRatings.forVersion(loaded.version());
        if (objective.equals("imdbRating") && imdb.model() == null) {
            throw ProblemException.unprocessable("objective imdbRating needs an IMDb-rating model, and model version "
                    + loaded.version() + " has none: " + imdb.absentReason());
        }
        boolean tmdbScale = imdb.model() != null && imdb.model().scale() == PublicRatingModel.Scale.TMDB;
        boolean byPublicRating = objective.equals("imdbRating") || objective.equals("tmdbRating");
        if (byPublicRating && imdb.model() != null && !objective.equals(imdb.model().scale().field())) {
            throw ProblemException.unprocessable("objective " + objective + " needs a model of that scale; model version "
                    + loaded.version() + " learned " + (tmdbScale ? "TMDB's vote average: use tmdbRating"
                    : "IMDb's ratings: use imdbRating"));
        }
        if (objective.equals("tmdbRating") && imdb.model() == null) {
            throw ProblemException.unprocessable("objective tmdbRating needs a public-rating model, and model version "
                    + loaded.version() + " has none: " + imdb.absentReason());
        }
        Set<String> unknownPeople = new LinkedHashSet<>();
        Set<String> unused = new LinkedHashSet<>();
        List<ScenarioResponse.Variant> scored = new ArrayList<>();
        Map<String, ItemContent> withTextByTitle = new HashMap<>();   // only the title varies the text: embed each once
        for (Map<String, Object> values : combinations) {
            ExpensiveWork.checkpoint();   // stops when the client hung up or the request's deadline passed
            ItemContent plain = content(request.base(), values);
            ItemContent read = withTextByTitle.computeIfAbsent(plain.title(), title ->
                    MovieTextInput.withText(model, imdb.model(), plain, request.base().plot(), textEmbedding, unused));
            ItemContent content = plain.withText(read.textVector()).withReleaseText(read.releaseTextVector());
            model.vocabulary().encode(content).unknownPeople().forEach(p -> unknownPeople.add(p.substring(2)));
            unused.addAll(model.vocabulary().unusedFields(content));
            if (imdb.model() != null) {
                unused.addAll(PublicRatings.unusedByItAlone(imdb.model(), content));
            }
            ScenarioScorer.Score score = scorer.score(content, franchiseMovies.of(loaded, content));
            List<ScenarioResponse.SegmentRating> perSegment = new ArrayList<>();
            for (int s = 0; s < score.segmentMeans().length; s++) {
                double mean = score.segmentMeans()[s];
                perSegment.add(new ScenarioResponse.SegmentRating(s, Double.isNaN(mean) ? null : round(mean)));
            }
            ScenarioResponse.ImdbRating rating = imdb.model() == null ? null : imdbRating(imdb.model().predict(content));
            scored.add(new ScenarioResponse.Variant(0, values, round(score.meanRating()), score.audience(), perSegment,
                    tmdbScale ? null : rating, tmdbScale ? rating : null));
        }
        Comparator<ScenarioResponse.Variant> order = switch (objective) {
            case "audience" -> Comparator.comparingLong(ScenarioResponse.Variant::audience)
                    .thenComparingDouble(ScenarioResponse.Variant::meanRating);
            case "imdbRating", "tmdbRating" -> Comparator.comparingDouble((ScenarioResponse.Variant v) -> v.publicRating().predicted())
                    .thenComparingDouble(ScenarioResponse.Variant::meanRating);
            default -> Comparator.comparingDouble(ScenarioResponse.Variant::meanRating)
                    .thenComparingLong(ScenarioResponse.Variant::audience);
        };
        scored.sort(order.reversed());
        List<ScenarioResponse.Variant> ranked = new ArrayList<>();
        for (int i = 0; i < Math.min(top, scored.size()); i++) {
            ScenarioResponse.Variant v = scored.get(i);
            ranked.add(new ScenarioResponse.Variant(i + 1, v.values(), v.meanRating(), v.audience(), v.segments(),
                    v.imdbRating(), v.tmdbRating()));
        }
        if (imdb.model() == null) {
            unused.add("imdbRating: " + imdb.absentReason());
        }
        return new ScenarioResponse(loaded.version(), combinations.size(), objective, model.userCount(), scorer.sampled(),
                ranked, List.copyOf(unknownPeople), List.copyOf(unused), imdb.model() == null ? null
                : similarReleased.like(imdb.model(), content(request.base(), Map.of()), SIMILAR_RELEASED));
    }

    /**
     * Every combination of the alternatives (the varied fields' values), in a stable order. The count is
     * checked from the list sizes alone, before any value is read or any combination built.
     */
    static List<Map<String, Object>> combinations(ScenarioRequest.Variations variations) {
        Map<String, List<?>> fields = new LinkedHashMap<>();
        if (variations != null) {
            put(fields, "title", "titles", variations.titles());
            put(fields, "year", "years", variations.years());
            put(fields, "runtime", "runtimes", variations.runtimes());
            put(fields, "genres", "genres", variations.genres());
            put(fields, "directors", "directors", variations.directors());
            put(fields, "writers", "writers", variations.writers());
            put(fields, "actors", "actors", variations.actors());
            put(fields, "budget", "budgets", variations.budgets());
            put(fields, "companies", "companies", variations.companies());
        }
        long count = combinationCount(fields.values().stream().mapToInt(List::size).toArray());
        if (count > MAX_COMBINATIONS) {
            throw ProblemException.badRequest("variations", "the variations make "
                    + (count == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : String.valueOf(count))
                    + " combinations; at most " + MAX_COMBINATIONS + " are scored in one request");
        }
        checkValues(variations);
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<?>> field : fields.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : combinations) {
                for (Object value : field.getValue()) {
                    Map<String, Object> extended = new LinkedHashMap<>(partial);
                    extended.put(field.getKey(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /**
     * The product of the list sizes, saturated at {@link Long#MAX_VALUE} instead of wrapping around: any
     * number of lists of any size gives a count that is never negative and never below the true one.
     */
    static long combinationCount(int... sizes) {
        long count = 1;
        for (int size : sizes) {
            if (size < 0) {
                throw new IllegalArgumentException("a list size is never negative: " + size);
            }
            try {
                count = Math.multiplyExact(count, size);
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
        }
        return count;
    }

    private static void put(Map<String, List<?>> fields, String name, String jsonName, List<?> values) {
        if (values == null) {
            return;
        }
        if (values.isEmpty()) {
            throw ProblemException.badRequest("variations." + jsonName, "give at least one alternative, or leave the field out");
        }
        fields.put(name, values);
    }

    /** Each alternative within the bounds /predictions/new-movie puts on the same field ({@link MovieLimits}). */
    private static void checkValues(ScenarioRequest.Variations variations) {
        if (variations == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        if (variations.titles() != null && variations.titles().size() > MAX_TITLES) {
            // Each title is embedded with the plot (tens of milliseconds of CPU each): the request's budget.
            throw ProblemException.badRequest("variations.titles", "at most " + MAX_TITLES + " titles (each is embedded "
                    + "with the plot); this request has " + variations.titles().size());
        }
        each(errors, "variations.titles", variations.titles(), MovieLimits::checkTitle);
        each(errors, "variations.years", variations.years(), MovieLimits::checkYear);
        each(errors, "variations.runtimes", variations.runtimes(), MovieLimits::checkRuntime);
        each(errors, "variations.genres", variations.genres(), MovieLimits::checkNames);
        each(errors, "variations.directors", variations.directors(), MovieLimits::checkNames);
        each(errors, "variations.writers", variations.writers(), MovieLimits::checkNames);
        each(errors, "variations.actors", variations.actors(), MovieLimits::checkNames);
        each(errors, "variations.budgets", variations.budgets(), MovieLimits::checkBudget);
        each(errors, "variations.companies", variations.companies(), MovieLimits::checkNames);
        MovieLimits.throwIfAny(errors);
    }

    private interface Check<T> {
        void check(List<FieldError> errors, String field, T value);
    }

    private static <T> void each(List<FieldError> errors, String field, List<T> values, Check<T> check) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be null"));
            } else {
                check.check(errors, field + "[" + i + "]", values.get(i));
            }
        }
    }

    /** The base movie within the same bounds as /predictions/new-movie's. */
    private static void checkBase(ScenarioRequest.Movie base) {
        List<FieldError> errors = new ArrayList<>();
        MovieLimits.checkTitle(errors, "base.title", base.title());
        MovieLimits.checkYear(errors, "base.year", base.year());
        MovieLimits.checkRuntime(errors, "base.runtime", base.runtime());
        MovieLimits.checkNames(errors, "base.genres", base.genres());
        MovieLimits.checkNames(errors, "base.directors", base.directors());
        MovieLimits.checkNames(errors, "base.writers", base.writers());
        MovieLimits.checkNames(errors, "base.actors", base.actors());
        MovieLimits.checkImdbRating(errors, "base.imdbRating", base.imdbRating());
        MovieLimits.checkImdbVotes(errors, "base.imdbVotes", base.imdbVotes());
        MovieLimits.checkPlot(errors, "base.plot", base.plot());
        MovieLimits.checkReleaseFacts(errors, "base.", base.budget(), base.releaseMonth(), base.originalLanguage(),
                base.companies(), base.countries(), base.keywords(), base.collection());
        MovieLimits.throwIfAny(errors);
    }

    @SuppressWarnings("unchecked")
    private static ItemContent content(ScenarioRequest.Movie base, Map<String, Object> values) {
        return new ItemContent(
                (List<String>) values.getOrDefault("genres", orEmpty(base.genres())),
                (String) values.getOrDefault("title", base.title() == null ? "" : base.title()),
                (List<String>) values.getOrDefault("directors", orEmpty(base.directors())),
                (List<String>) values.getOrDefault("writers", orEmpty(base.writers())),
                (List<String>) values.getOrDefault("actors", orEmpty(base.actors())),
                (Integer) values.getOrDefault("year", base.year()),
                (Integer) values.getOrDefault("runtime", base.runtime()),
                base.imdbRating(), base.imdbVotes()).withRelease(releaseFacts(base, values));
    }

    /** The base's TMDB fields with a variant's budget and companies; null when none is given. */
    @SuppressWarnings("unchecked")
    private static ReleaseFacts releaseFacts(ScenarioRequest.Movie base, Map<String, Object> values) {
        ReleaseFacts facts = ReleaseFacts.planned((Long) values.getOrDefault("budget", base.budget()), base.releaseMonth(),
                base.originalLanguage(), (List<String>) values.getOrDefault("companies", base.companies()),
                base.countries() == null ? null : base.countries().stream().map(ReleaseFacts::countryCode).toList(),
                base.keywords(), base.collection());
        return facts.saysAnything() ? facts : null;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    /** The served version's scorer, built once per version (one pass of the rating head over users × movies). */
    private ScenarioScorer scorer(ServingModel.Loaded loaded) {
        Cached cached = cache.get();
        if (cached != null && cached.version() == loaded.version()) {
            return cached.scorer();
        }
        Optional<SegmentService.Assignments> assignments = segments.assignments(loaded);
        ScenarioScorer scorer = ScenarioScorer.of(loaded.model(), assignments.map(SegmentService.Assignments::segmentOf)
                .orElse(null), assignments.map(SegmentService.Assignments::k).orElse(0));
        cache.set(new Cached(loaded.version(), scorer));
        return scorer;
    }

    private static ScenarioResponse.ImdbRating imdbRating(dev.recsys.model.publicrating.PublicRatingModel.Interval i) {
        return new ScenarioResponse.ImdbRating(i.predicted(), i.low(), i.high());
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
