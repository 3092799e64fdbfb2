package dev.recsys.modelruntime.scenarios;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.PublicRatingModel;
import dev.recsys.platform.db.Sql;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The released movies most like a planned one (the IMDb-rating model's own list of the movies it
 * learned from), with a link to their IMDb page: the IMDb ids are read from the catalog (read-only).
 * Without the catalog the movies are still listed, without links.
 */
@ApplicationScoped
public class SimilarReleasedMovies {

    private final Sql sql;

    public SimilarReleasedMovies(Sql sql) {
        this.sql = sql;
    }

    public List<ScenarioResponse.SimilarReleased> like(PublicRatingModel model, ItemContent content, int k) {
        List<PublicRatingModel.Similar> similar = model.similar(content, k);
        Map<Integer, Integer> imdbIds = new HashMap<>();
        try {
            String ids = similar.stream().map(s -> String.valueOf(s.movieId())).collect(Collectors.joining(","));
            sql.query("SELECT movie_id, imdb_id FROM catalog.movies WHERE movie_id = ANY (string_to_array(?, ',')::int[]) "
                    + "AND imdb_id IS NOT NULL", rs -> imdbIds.put(rs.getInt(1), rs.getInt(2)), ids);
        } catch (RuntimeException e) {
            Log.warnf("IMDb ids of similar movies could not be read (%s); listing them without links", e.getMessage());
        }
        return similar.stream().map(s -> new ScenarioResponse.SimilarReleased(s.movieId(), s.title(), s.year(), s.imdbRating(),
                s.imdbVotes(), imdbIds.containsKey(s.movieId())
                        ? String.format(Locale.ROOT, "https://www.imdb.com/title/tt%07d/", imdbIds.get(s.movieId())) : null))
                .toList();
    }
}
