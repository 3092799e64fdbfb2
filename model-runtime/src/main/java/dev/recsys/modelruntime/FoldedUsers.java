package dev.recsys.modelruntime;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.platform.db.Sql;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A user the served model was not trained on, folded in from the ratings they have stored by now (their
 * latest {@link #MAX_RATINGS}): how predictions and segments treat a user who signed up after the last
 * training. Read from the catalog on each call, so a rating counts as soon as it is stored.
 */
@ApplicationScoped
public class FoldedUsers {

    /** At most this many of the user's latest ratings are folded in (the fold-in costs O(n·d²)). */
    public static final int MAX_RATINGS = 500;

    private record Rated(int movieId, float rating) {
    }

    private final Sql sql;

    public FoldedUsers(Sql sql) {
        this.sql = sql;
    }

    /** The folded-in user; empty when they rated no movie the model knows. */
    public Optional<HybridModel.FoldedUser> of(ServingModel.Loaded loaded, int userId) {
        HybridModel model = loaded.model();
        List<Rated> rated;
        try {
            rated = sql.query("SELECT movie_id, rating FROM catalog.ratings WHERE user_id = ? "
                    + "ORDER BY rated_at DESC, movie_id LIMIT " + MAX_RATINGS, rs -> new Rated(rs.getInt(1), rs.getFloat(2)), userId);
        } catch (RuntimeException e) {
            // No catalog to read (a database that is down, or not migrated yet): the user stays a cold start.
            Log.debugf("Ratings of user %d cannot be read: %s", userId, e.getMessage());
            return Optional.empty();
        }
        int[] items = new int[rated.size()];
        float[] ratings = new float[rated.size()];
        int n = 0;
        for (Rated r : rated) {
            int item = model.movieIndex(r.movieId());
            if (item >= 0) {
                items[n] = item;
                ratings[n++] = r.rating();
            }
        }
        if (n == 0) {
            return Optional.empty();
        }
        return Optional.of(loaded.live().foldIn(Arrays.copyOf(items, n), Arrays.copyOf(ratings, n)));
    }
}
