package dev.recsys.modelruntime;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.LiveRanking;
import dev.recsys.platform.db.Sql;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A user the served model was not trained on, folded in from the ratings they have stored by now (their
 * latest {@link LiveRanking#MAX_FOLD_IN_RATINGS}): how predictions and segments treat a user who signed up after the last
 * training. Read from the catalog on each call, so a rating counts as soon as it is stored. A database
 * that does not answer within {@link #READ_TIMEOUT} leaves the user a cold start for that call, and for
 * every call in the {@link #PAUSE_AFTER_OUTAGE} after it, so a hung database costs predictions a
 * quarter of a second once instead of a wait per request.
 */
@ApplicationScoped
public class FoldedUsers {

    static final Duration READ_TIMEOUT = Duration.ofMillis(250);
    static final Duration PAUSE_AFTER_OUTAGE = Duration.ofSeconds(1);

    private record Rated(int movieId, float rating) {
    }

    private final Sql sql;

    public FoldedUsers(Sql sql) {
        this.sql = sql.withNetworkTimeout(READ_TIMEOUT).pausingAfterOutage(PAUSE_AFTER_OUTAGE);
    }

    /** The folded-in user; empty when they rated no movie the model knows. */
    public Optional<HybridModel.FoldedUser> of(ServingModel.Loaded loaded, int userId) {
        List<Rated> rated;
        try {
            rated = sql.query("SELECT movie_id, rating FROM catalog.ratings WHERE user_id = ? "
                    + "ORDER BY rated_at DESC, movie_id LIMIT " + LiveRanking.MAX_FOLD_IN_RATINGS,
                    rs -> new Rated(rs.getInt(1), rs.getFloat(2)), userId);
        } catch (RuntimeException e) {
            // No catalog to read (a database that is down, or not migrated yet): the user stays a cold start.
            Log.debugf("Ratings of user %d cannot be read: %s", userId, e.getMessage());
            return Optional.empty();
        }
        int[] movieIds = rated.stream().mapToInt(Rated::movieId).toArray();
        float[] ratings = new float[rated.size()];
        for (int k = 0; k < ratings.length; k++) {
            ratings[k] = rated.get(k).rating();
        }
        return loaded.live().foldInLatest(movieIds, ratings);
    }
}
