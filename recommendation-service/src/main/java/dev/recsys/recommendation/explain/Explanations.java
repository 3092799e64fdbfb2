package dev.recsys.recommendation.explain;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.recommendation.catalog.CatalogLookup;
import dev.recsys.recommendation.catalog.RequestSql;
import dev.recsys.recommendation.recommend.Recommendations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why a movie is recommended, in words a user understands: the liked movie it is most like
 * ("because you rated X"), a director the user liked before ("directed by Y"), and its standing in
 * its genres ("popular in Z").
 */
@ApplicationScoped
public class Explanations {

    private static final float LIKED = 4.0f;
    private static final int POPULAR_IN_GENRE = 50;

    private final RequestSql sql;
    private final CatalogLookup catalog;

    public Explanations(RequestSql sql, CatalogLookup catalog) {
        this.sql = sql;
        this.catalog = catalog;
    }

    /** Reasons per recommended movie id. */
    public Map<Integer, List<String>> explain(int userId, List<Recommendations.Item> items, HybridModel model) {
        List<Integer> liked = sql.query("SELECT movie_id FROM catalog.ratings WHERE user_id = ? AND rating >= ? "
                + "ORDER BY rating DESC, rated_at DESC LIMIT 500", rs -> rs.getInt(1), userId, LIKED);
        List<Integer> recommended = items.stream().map(Recommendations.Item::movieId).toList();
        Map<Integer, String> titles = new HashMap<>();
        catalog.movies(liked).forEach((id, info) -> titles.put(id, info.title()));
        Map<Integer, List<String>> directors = directors(union(liked, recommended));
        Set<String> likedDirectors = new HashSet<>();
        liked.forEach(id -> likedDirectors.addAll(directors.getOrDefault(id, List.of())));
        Map<String, Set<Integer>> popularByGenre = popularByGenre();

        Map<Integer, List<String>> reasons = new HashMap<>();
        float[] similarity = model == null ? null : new float[model.movieCount()];
        for (Recommendations.Item item : items) {
            List<String> why = new ArrayList<>();
            int index = model == null ? -1 : model.movieIndex(item.movieId());
            if (index >= 0 && !liked.isEmpty()) {
                model.similarities(index, similarity);
                int best = -1;
                for (int likedId : liked) {
                    int likedIndex = model.movieIndex(likedId);
                    if (likedIndex >= 0 && (best < 0 || similarity[likedIndex] > similarity[model.movieIndex(best)])) {
                        best = likedId;
                    }
                }
                if (best >= 0 && titles.containsKey(best)) {
                    why.add("because you rated " + titles.get(best));
                }
            }
            for (String director : directors.getOrDefault(item.movieId(), List.of())) {
                if (likedDirectors.contains(director)) {
                    why.add("directed by " + director);
                }
            }
            for (String genre : item.genres()) {
                if (popularByGenre.getOrDefault(genre, Set.of()).contains(item.movieId())) {
                    why.add("popular in " + genre);
                }
            }
            reasons.put(item.movieId(), why);
        }
        return reasons;
    }

    private Map<Integer, List<String>> directors(List<Integer> movieIds) {
        Map<Integer, List<String>> byMovie = new HashMap<>();
        if (movieIds.isEmpty()) {
            return byMovie;
        }
        StringBuilder ids = new StringBuilder("{");
        for (int i = 0; i < movieIds.size(); i++) {
            ids.append(i == 0 ? "" : ",").append(movieIds.get(i));
        }
        sql.query("SELECT c.movie_id, p.name FROM catalog.credits c JOIN catalog.people p USING (person_id) "
                + "WHERE c.role = 'director' AND c.movie_id = ANY (?::integer[])", rs -> {
                    byMovie.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
                    return null;
                }, ids.append('}').toString());
        return byMovie;
    }

    private Map<String, Set<Integer>> popularByGenre() {
        List<Integer> popular = catalog.popularMovies();
        Map<Integer, CatalogLookup.MovieInfo> info = catalog.movies(popular);
        Map<String, Set<Integer>> byGenre = new HashMap<>();
        for (int movieId : popular) {
            CatalogLookup.MovieInfo movie = info.get(movieId);
            if (movie == null) {
                continue;
            }
            for (String genre : movie.genres()) {
                Set<Integer> top = byGenre.computeIfAbsent(genre, g -> new HashSet<>());
                if (top.size() < POPULAR_IN_GENRE) {
                    top.add(movieId);
                }
            }
        }
        return byGenre;
    }

    private static List<Integer> union(List<Integer> a, List<Integer> b) {
        Set<Integer> all = new HashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
