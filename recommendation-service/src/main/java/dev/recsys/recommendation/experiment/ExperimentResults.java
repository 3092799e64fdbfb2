package dev.recsys.recommendation.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** GET /api/v1/experiments/{id}/results: what each variant's users did, and each variant against the control. */
@Schema(name = "ExperimentResults")
@JsonPropertyOrder({"experiment", "from", "to", "conversionWindowDays", "variants", "warnings", "method"})
public record ExperimentResults(
        Experiment experiment,
        @Schema(description = "events from this time (the experiment's start) ...") Instant from,
        @Schema(description = "... to this time (its stop, or now)") Instant to,
        @Schema(description = "a shown movie counts as rated or watched when that happened within this many days")
        int conversionWindowDays,
        List<VariantResult> variants,
        @Schema(description = "why a difference may not be trustworthy yet (too few users to detect a 10 % change)")
        List<String> warnings,
        String method) {

    /** One variant's users and metrics; {@code vsControl} is absent for the control itself. */
    @Schema(name = "ExperimentVariantResult")
    @JsonPropertyOrder({"name", "model", "share", "usersExposed", "impressions", "clicks", "clickThroughRate",
        "laterRatedOrWatched", "meanLaterRating", "vsControl"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VariantResult(String name, String model, int share,
                                @Schema(description = "users of this variant with at least one impression") int usersExposed,
                                long impressions, long clicks,
                                @Schema(description = "clicks per impression") Estimate clickThroughRate,
                                @Schema(description = "share of shown movies the user rated or watched later (within the window)")
                                Estimate laterRatedOrWatched,
                                @Schema(description = "mean rating users later gave to movies they were shown") Estimate meanLaterRating,
                                Differences vsControl) {
    }

    /** A value and its 95 % confidence interval (null when there is no data for it). */
    @Schema(name = "ExperimentEstimate")
    public record Estimate(Double value, Double low, Double high) {

        static Estimate of(RatioMetric metric) {
            if (metric.users() == 0) {
                return new Estimate(null, null, null);
            }
            double[] ci = metric.interval();
            return new Estimate(round(metric.value()), finite(ci[0]), finite(ci[1]));
        }
    }

    /** The variant minus the control, per metric. */
    @Schema(name = "ExperimentDifferences")
    public record Differences(Difference clickThroughRate, Difference laterRatedOrWatched, Difference meanLaterRating) {
    }

    /**
     * The difference to the control with its 95 % interval, the z-test's p-value, whether it is
     * significant at α = 0.05, and the smallest difference this sample detects with 80 % power.
     */
    @Schema(name = "ExperimentDifference")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Difference(Double difference, Double low, Double high, Double pValue, boolean significant,
                             Double detectableDifference) {

        static Difference of(RatioMetric.Comparison c) {
            return new Difference(finite(c.difference()), finite(c.low()), finite(c.high()), finite(c.pValue()),
                    c.significant(), finite(c.detectable()));
        }
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? round(value) : null;
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
