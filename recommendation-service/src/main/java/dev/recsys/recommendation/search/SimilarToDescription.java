package dev.recsys.recommendation.search;

import dev.recsys.model.TopK;
import dev.recsys.modelruntime.MovieLimits;
import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.error.Quoted;
import dev.recsys.platform.error.ReadableText;
import dev.recsys.recommendation.catalog.CatalogLookup;
import dev.recsys.recommendation.catalog.RequestSql;
import dev.recsys.text.MovieText;
import dev.recsys.text.TextEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * "More like this" for a movie that is not in the catalog: its title and plot are embedded as a
 * catalog movie's text would be, and every catalog movie is scored by that text similarity plus the
 * genres and people (directors, cast; read from the catalog's credits) it shares with the description.
 */
@ApplicationScoped
public class SimilarToDescription {

    public static final int MAX_PLOT_LENGTH = 5_000;
    static final float GENRE_WEIGHT = 0.1f;
    static final float PERSON_WEIGHT = 0.05f;
    static final int MAX_PEOPLE_COUNTED = 3;
    static final float POPULARITY_WEIGHT = 0.01f;

    private final SearchIndexLoader indexLoader;
    private final TextEmbedder embedder;
    private final CatalogLookup catalog;
    private final RequestSql sql;

    public SimilarToDescription(SearchIndexLoader indexLoader, TextEmbedder embedder, CatalogLookup catalog, RequestSql sql) {
        this.indexLoader = indexLoader;
        this.embedder = embedder;
        this.catalog = catalog;
        this.sql = sql;
    }

    public DescriptionMatches similar(DescribedMovie movie) {
        int limit = check(movie);
        SearchIndex index = indexLoader.current();
        List<String> people = new ArrayList<>(orEmpty(movie.directors()));
        people.addAll(orEmpty(movie.cast()));
        Map<Integer, List<String>> sharedPeople = new HashMap<>();
        boolean degraded = !people.isEmpty() && !readSharedPeople(people, sharedPeople);
        List<DescriptionMatches.Match> items = matches(index, embedder, movie, sharedPeople, limit);
        return new DescriptionMatches(SearchResults.TextIndex.of(index), degraded ? true : null, items);
    }

    /**
     * The ranking itself, for a checked description and the people it shares with each movie (movie id to
     * names): the service's and the examples' one path.
     */
    static List<DescriptionMatches.Match> matches(SearchIndex index, TextEmbedder embedder, DescribedMovie movie,
                                                  Map<Integer, List<String>> sharedPeople, int limit) {
        String text = new MovieText(movie.title(), List.of(), List.of(), movie.plot()).text();
        float[] vector = text.isEmpty() || index.embeddedCount() == 0 ? null : embedder.embed(text);
        Set<String> genres = new LinkedHashSet<>(orEmpty(movie.genres()));
        float[] scores = new float[index.size()];
        for (int row = 0; row < scores.length; row++) {
            float textSimilarity = vector != null && index.embedded(row) ? index.cosine(vector, row) : 0;
            int shared = Math.min(MAX_PEOPLE_COUNTED, sharedPeople.getOrDefault(index.movieId(row), List.of()).size());
            scores[row] = textSimilarity + GENRE_WEIGHT * jaccard(genres, index.genres(row)) + PERSON_WEIGHT * shared
                    + POPULARITY_WEIGHT * index.popularity(row);
        }
        int[] top = new int[Math.min(limit, scores.length)];
        int found = TopK.select(scores, top);
        List<DescriptionMatches.Match> items = new ArrayList<>(found);
        for (int k = 0; k < found; k++) {
            int row = top[k];
            Double similarity = vector != null && index.embedded(row) ? MovieSearch.rounded(index.cosine(vector, row)) : null;
            List<String> sharedGenres = index.genres(row).stream().filter(genres::contains).toList();
            items.add(new DescriptionMatches.Match(k + 1, index.movieId(row), index.title(row), index.year(row),
                    index.genres(row), MovieSearch.rounded(scores[row]), similarity, sharedGenres,
                    sharedPeople.getOrDefault(index.movieId(row), List.of())));
        }
        return items;
    }

    /** Fills {@code shared} with the movies each named person worked on; false when the catalog could not be read. */
    private boolean readSharedPeople(List<String> names, Map<Integer, List<String>> shared) {
        String[] lowerCase = names.stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
        try {
            sql.query("SELECT DISTINCT c.movie_id, p.name FROM catalog.people p JOIN catalog.credits c ON c.person_id = p.person_id "
                    + "WHERE lower(p.name) = ANY (?) ORDER BY c.movie_id, p.name", rs -> {
                        shared.computeIfAbsent(rs.getInt(1), id -> new ArrayList<>()).add(rs.getString(2));
                        return null;
                    }, (Object) lowerCase);
            return true;
        } catch (RuntimeException e) {
            shared.clear();
            return false;
        }
    }

    private static float jaccard(Set<String> wanted, List<String> genres) {
        if (wanted.isEmpty() || genres.isEmpty()) {
            return 0;
        }
        int both = 0;
        for (String genre : genres) {
            if (wanted.contains(genre)) {
                both++;
            }
        }
        return (float) both / (wanted.size() + genres.size() - both);
    }

    /** The limit asked for; a 400 naming every field that is wrong. */
    private int check(DescribedMovie movie) {
        if (movie == null) {
            throw ProblemException.badRequest("title", "describe the movie: a title, a plot, genres or people");
        }
        List<FieldError> errors = new ArrayList<>();
        MovieLimits.checkTitle(errors, "title", movie.title());
        checkText(errors, "title", movie.title());
        if (movie.plot() != null && movie.plot().length() > MAX_PLOT_LENGTH) {
            errors.add(new FieldError("plot", "at most " + MAX_PLOT_LENGTH + " characters; this one has " + movie.plot().length()));
        }
        checkText(errors, "plot", movie.plot());
        MovieLimits.checkNames(errors, "genres", movie.genres());
        MovieLimits.checkNames(errors, "directors", movie.directors());
        MovieLimits.checkNames(errors, "cast", movie.cast());
        if (errors.isEmpty() && movie.genres() != null) {
            Set<String> known = catalog.genres();
            for (int i = 0; i < movie.genres().size(); i++) {
                if (!known.contains(movie.genres().get(i))) {
                    errors.add(new FieldError("genres[" + i + "]", "unknown genre " + Quoted.of(movie.genres().get(i)) + "; known: "
                            + String.join(", ", known)));
                }
            }
        }
        int limit = movie.limit() == null ? 10 : movie.limit();
        if (limit < 1 || limit > MovieSearch.MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MovieSearch.MAX_LIMIT));
        }
        MovieLimits.throwIfAny(errors);
        if (isBlank(movie.title()) && isBlank(movie.plot()) && orEmpty(movie.genres()).isEmpty()
                && orEmpty(movie.directors()).isEmpty() && orEmpty(movie.cast()).isEmpty()) {
            throw ProblemException.badRequest("title", "describe the movie: a title, a plot, genres or people");
        }
        return limit;
    }

    private static void checkText(List<FieldError> errors, String field, String value) {
        if (value != null && MovieSearch.hasControlCharacter(value.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '))) {
            errors.add(new FieldError(field, "must not contain control characters other than line breaks and tabs"));
        } else if (value != null && !value.isEmpty() && !ReadableText.isReadable(value)) {
            errors.add(new FieldError(field, MovieLimits.UNREADABLE));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
