package dev.recsys.recommendation.batch;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.recsys.platform.job.JobProgress;
import dev.recsys.platform.job.JobRun;
import dev.recsys.platform.job.JobStatus;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch run as the API shows it. */
@Schema(name = "BatchRun")
@JsonPropertyOrder({"id", "status", "modelVersion", "users", "itemsPerUser", "shards", "createdAt", "startedAt",
    "finishedAt", "progress", "error"})
public record BatchRun(long id, JobStatus status, Long modelVersion, Integer users, int itemsPerUser,
                       @Schema(description = "workers that each score a slice of users (1: this service alone)") int shards,
                       Instant createdAt,
                       Instant startedAt, Instant finishedAt,
                       @Schema(description = "users done so far; unit 'users'") JobProgress progress, String error)
        implements JobRun {
}
