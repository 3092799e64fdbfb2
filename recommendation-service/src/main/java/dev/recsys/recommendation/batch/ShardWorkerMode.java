package dev.recsys.recommendation.batch;

import dev.recsys.modelruntime.ServingModel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Shard worker mode for a Kubernetes Indexed Job: with {@code RECSYS_BATCH_SHARDS=N} and
 * {@code RECSYS_BATCH_SHARD_INDEX=i} (the pod's completion index) the service computes shard i of
 * the queued N-shard run, then exits (0 on success, 1 on failure).
 */
@ApplicationScoped
public class ShardWorkerMode {

    private static final long MODEL_WAIT_MILLIS = 300_000;

    private final BatchService batches;
    private final ServingModel serving;
    private final Optional<Integer> shardIndex;
    private final Optional<Integer> shards;

    public ShardWorkerMode(BatchService batches, ServingModel serving,
                           @ConfigProperty(name = "recsys.batch.shard-index") Optional<Integer> shardIndex,
                           @ConfigProperty(name = "recsys.batch.shards") Optional<Integer> shards) {
        this.batches = batches;
        this.serving = serving;
        this.shardIndex = shardIndex;
        this.shards = shards;
    }

    void onStart(@Observes StartupEvent event) {
        if (shardIndex.isEmpty() || shards.isEmpty()) {
            return;
        }
        Thread worker = new Thread(() -> {
            try {
                long deadline = System.currentTimeMillis() + MODEL_WAIT_MILLIS;
                while (serving.current().isEmpty() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                }
                long run = batches.runShard(shardIndex.get(), shards.get());
                Log.infof("Shard %d of %d of batch run %d done", shardIndex.get(), shards.get(), run);
                Quarkus.asyncExit(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Quarkus.asyncExit(1);
            } catch (RuntimeException e) {
                Log.errorf("Shard worker failed: %s", e.getMessage());
                Quarkus.asyncExit(1);
            }
        }, "batch-shard-worker");
        worker.start();
    }
}
