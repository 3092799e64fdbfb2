package dev.recsys.training.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.recsys.model.eval.Metrics;

/** Metrics as the API shows them: a baseline leaves out what it cannot compute. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricsView(Double rmse, Double mae, Double ndcgAt10, Double recallAt10, Double hitRateAt10) {

    static MetricsView of(Metrics m) {
        return new MetricsView(m.rmse(), m.mae(), m.ndcgAt10(), m.recallAt10(), m.hitRateAt10());
    }

    /** The model's metrics and its baselines' on the same split. */
    public record Report(MetricsView model, Baselines baselines, Evaluation evaluation) {
    }

    public record Baselines(MetricsView globalMean, MetricsView bias, MetricsView popularity) {
    }

    /** How the metrics were computed, so that versions are compared only on the same split. */
    public record Evaluation(String split, double holdoutFraction, long seed, int trainRatings, int testRatings,
                             int rankedUsers) {
    }
}
