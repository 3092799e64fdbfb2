package dev.recsys.ingestion.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.recsys.ingestion.load.EntityCounts;
import dev.recsys.ingestion.load.Reject;
import dev.recsys.platform.job.JobProgress;
import dev.recsys.platform.job.JobRun;
import dev.recsys.platform.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An ingestion job as the API shows it. */
@Schema(name = "IngestionRun")
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "source", "location", "status", "release", "createdAt", "startedAt", "finishedAt", "progress",
    "counts", "rejects", "error"})
public record IngestionRun(
        long id,
        Source source,
        String location,
        JobStatus status,
        @Schema(description = "what was recognised in the location, e.g. 'MovieLens CSV release'") String release,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        JobProgress progress,
        @Schema(description = "per entity (movies, links, ratings, tags, users, people, credits, ...)")
        Map<String, EntityCounts.Snapshot> counts,
        @Schema(description = "the first 100 rejected rows; counts say how many there were in all")
        List<Reject> rejects,
        String error) implements JobRun {
}
