package dev.recsys.training.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.recsys.platform.job.JobProgress;
import dev.recsys.platform.job.JobRun;
import dev.recsys.platform.job.JobStatus;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A training job as the API shows it. */
@Schema(name = "TrainingRun")
@JsonPropertyOrder({"id", "status", "params", "createdAt", "startedAt", "finishedAt", "progress", "epochs", "metrics",
    "modelVersion", "activated", "error"})
public record TrainingRun(
        long id,
        JobStatus status,
        TrainingRequest params,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "samples trained so far; unit 'samples'") JobProgress progress,
        List<EpochRecord> epochs,
        MetricsView.Report metrics,
        Long modelVersion,
        @Schema(description = "whether the new version was made active") Boolean activated,
        String error) implements JobRun {
}
