package dev.recsys.recommendation.batch;

import dev.recsys.modelruntime.ServingModel;
import dev.recsys.recommendation.RecommendationsConfig;
import io.quarkus.logging.Log;
import dev.recsys.platform.job.RunOnce;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * The service's shard-worker mode, for an Indexed Kubernetes Job (k8s/jobs/batch-sharded): with
 * {@code RECSYS_BATCH_SHARDS=N} and {@code RECSYS_BATCH_SHARD_INDEX=i} (the pod's completion index)
 * the service computes shard i of the N-shard run, which the first worker to start records, then
 * exits (0 on success, 1 on failure) instead of serving. The weekly chain asks a serving replica for
 * a whole run over HTTP instead (dev.recsys.client.WeeklyChain).
 */
@ApplicationScoped
public class BatchJobMode {

    private static final long MODEL_WAIT_MILLIS = 300_000;

    private final BatchService batches;
    private final ServingModel serving;
    private final int itemsPerUser;
    private final Optional<Integer> shardIndex;
    private final Optional<Integer> shards;

    public BatchJobMode(BatchService batches, ServingModel serving, RecommendationsConfig.Batch config) {
        this.batches = batches;
        this.serving = serving;
        this.itemsPerUser = config.itemsPerUser();
        this.shardIndex = config.shardIndex();
        this.shards = config.shards();
    }

    void onStart(@Observes StartupEvent event) {
        if (shardIndex.isPresent() && shards.isPresent()) {
            RunOnce.thenExit("batch-shard-worker", () -> {
                awaitModel();
                long run = batches.runShard(shardIndex.get(), shards.get(), itemsPerUser);
                Log.infof("Shard %d of %d of batch run %d done", shardIndex.get(), shards.get(), run);
                return true;
            });
        }
    }

    /** The model loads in the background at startup; give it time on a big catalog. */
    private void awaitModel() throws InterruptedException {
        long deadline = System.currentTimeMillis() + MODEL_WAIT_MILLIS;
        while (serving.current().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
    }
}
