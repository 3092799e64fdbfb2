package dev.recsys.training.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of training jobs ({@code recsys.training.*}). */
@ConfigMapping(prefix = "recsys.training")
public interface TrainingConfig {

    /** Ranking metrics are computed over at most this many users (a seeded sample). */
    @WithDefault("5000")
    int maxRankingUsers();

    /** A RUNNING training whose worker has not reported for this long is marked FAILED. */
    @WithDefault("120")
    int heartbeatTimeoutSeconds();

    /** Tuning trials stop starting once this many seconds are spent (the best so far wins). */
    @WithDefault("60")
    double tuningBudgetSeconds();

    /** Share of the movies with enough ratings held out, whole, for the cold-movie evaluation (0 turns it off). */
    @WithDefault("0.1")
    double coldMovieFraction();

    /**
     * Share of the users kept out of the evaluated fit for the fresh-users protocol (0 turns it off);
     * the served version is still trained on every user.
     */
    @WithDefault("0.1")
    double freshUserFraction();

    /**
     * How many taste segments each version gets (2..8); unset: chosen by the mean silhouette of
     * k-means on a sample of users.
     */
    Optional<Integer> segments();

    /**
     * Above this many ratings the evaluated fit (on the training share) is served instead of being
     * refit on all ratings: on large data a refit about doubles the run for a tenth more ratings.
     */
    @WithDefault("5000000")
    int refitMaxRatings();

    /**
     * Whether the model reads the catalog's movie text embeddings (title, tags, plot; stored by
     * ingestion) and the public-rating model its release-text embeddings (title, plot): false trains
     * without them, as before they existed. Movies without a stored vector get none either way.
     */
    @WithDefault("true")
    boolean movieText();
}
