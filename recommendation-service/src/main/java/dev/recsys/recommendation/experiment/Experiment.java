package dev.recsys.recommendation.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An online experiment between model versions, as the API shows it. */
@Schema(name = "Experiment")
@JsonPropertyOrder({"id", "name", "status", "variants", "createdAt", "endsAt", "stoppedAt", "promotedVariant"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experiment(
        long id,
        String name,
        @Schema(enumeration = {"RUNNING", "STOPPED"}) String status,
        List<Variant> variants,
        Instant createdAt,
        @Schema(description = "when it stops by itself; absent: runs until stopped or promoted") Instant endsAt,
        Instant stoppedAt,
        @Schema(description = "the variant whose version was activated when it was promoted") String promotedVariant) {

    public static final String RUNNING = "RUNNING";
    public static final String STOPPED = "STOPPED";

    /**
     * One arm: {@code model} is a model version number, or {@code "active"} for whatever version is
     * active; {@code share} is the percent of users it gets (the shares sum to 100). The first
     * variant is the control the others are compared with.
     */
    @Schema(name = "ExperimentVariant")
    @JsonPropertyOrder({"name", "model", "share"})
    public record Variant(
            @Schema(description = "letters, digits, '-' and '_', up to 40", example = "candidate") String name,
            @Schema(description = "a model version number, or \"active\"", example = "7") String model,
            @Schema(description = "percent of users, 1-99; the shares sum to 100", example = "50") int share) {

        /** The pinned version, or null for "active". */
        public Long version() {
            return "active".equals(model) ? null : Long.valueOf(model);
        }
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    public Variant variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
