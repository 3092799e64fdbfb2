package dev.recsys.model.eval;

/**
 * Accuracy of a model or baseline on one split. A baseline that cannot compute a metric (the
 * global mean cannot rank, popularity cannot predict ratings) leaves it null.
 */
public record Metrics(Double rmse, Double mae, Double ndcgAt10, Double recallAt10, Double hitRateAt10) {

    public static Metrics errorsOnly(double rmse, double mae) {
        return new Metrics(rmse, mae, null, null, null);
    }

    public static Metrics rankingOnly(RankingMetrics ranking) {
        return new Metrics(null, null, ranking.ndcg(), ranking.recall(), ranking.hitRate());
    }

    public Metrics withRanking(RankingMetrics ranking) {
        return new Metrics(rmse, mae, ranking.ndcg(), ranking.recall(), ranking.hitRate());
    }

    /** Ranking metrics at 10, averaged over the evaluated users. */
    public record RankingMetrics(double ndcg, double recall, double hitRate, int users) {
    }
}
