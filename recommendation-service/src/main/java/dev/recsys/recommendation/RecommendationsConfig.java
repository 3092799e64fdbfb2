package dev.recsys.recommendation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of recommendation-service ({@code recsys.recommendations.*} and {@code recsys.batch.*}). */
public interface RecommendationsConfig {

    /** Serving answers ({@code recsys.recommendations.*}). */
    @ConfigMapping(prefix = "recsys.recommendations")
    interface Serving {

        /** How often the serving batch run is re-read: a new run is served within this time. */
        @WithDefault("1000")
        long servingRunCheckMillis();

        /** How often the rating-notice listener retries the database during an outage. */
        @WithDefault("1000")
        long reconnectMillis();

        /**
         * How long a read on the request path waits for the database's answer before the request is
         * answered from what is cached, marked degraded: a database that hangs costs a request no more.
         */
        @WithDefault("250")
        long requestDbTimeoutMillis();

        /**
         * A live list first ranks this many movies; the whole catalog only when the genre filter (or
         * movies missing from the catalog) leaves it short.
         */
        @WithDefault("1000")
        int liveFirstCut();

        /** The diversity a list is re-ranked with when the request does not say (0-1; 0: as ranked). */
        @WithDefault("0")
        double diversity();

        /** The popularity discount a list is re-ranked with when the request does not say (0-1; 0: none). */
        @WithDefault("0")
        double novelty();

        /**
         * How often search checks whether the catalog's movies or texts changed (a cheap count): a
         * changed catalog is searchable within this time.
         */
        @WithDefault("30000")
        long searchRefreshMillis();
    }

    /** Batch runs ({@code recsys.batch.*}). */
    @ConfigMapping(prefix = "recsys.batch")
    interface Batch {

        /** A RUNNING batch whose worker has not reported for this long is marked FAILED. */
        @WithDefault("120")
        int heartbeatTimeoutSeconds();

        /** A sharded run that no shard worker takes up within this time fails, saying so. */
        @WithDefault("600")
        int unclaimedTimeoutSeconds();

        /** List length of shard runs. */
        @WithDefault("100")
        int itemsPerUser();

        /** Shard-worker mode: this worker's index, with {@link #shards()}. */
        Optional<Integer> shardIndex();

        /** Shard-worker mode: how many workers share the users. */
        Optional<Integer> shards();
    }
}
