package dev.recsys.training.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of training jobs ({@code recsys.training.*}). */
@ConfigMapping(prefix = "recsys.training")
public interface TrainingConfig {

    /** Ranking metrics are computed over at most this many users (a seeded sample). */
    @WithDefault("5000")
    int maxRankingUsers();

    /** A RUNNING training whose worker has not reported for this long is marked FAILED. */
    @WithDefault("120")
    int heartbeatTimeoutSeconds();

    /** Train once with default settings at startup, then exit (0 on success): the weekly job's mode. */
    @WithDefault("false")
    boolean runOnce();
}
