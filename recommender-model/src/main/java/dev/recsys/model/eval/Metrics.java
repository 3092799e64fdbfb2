package dev.recsys.model.eval;

/**
 * Accuracy of a model or baseline on one split. A baseline that cannot compute a metric (the
 * global mean cannot rank, popularity cannot predict ratings) leaves it null.
 *
 * @param coverageAt10          share of the catalog that appears in at least one evaluated user's top-10
 * @param popularityPercentile  mean popularity percentile of the recommended movies (100: the most-rated
 *                              movie, 0: the least): how much a model leans on blockbusters
 */
public record Metrics(Double rmse, Double mae, Double ndcgAt10, Double recallAt10, Double hitRateAt10,
                      Double coverageAt10, Double popularityPercentile) {

    public static Metrics errorsOnly(double rmse, double mae) {
        return new Metrics(rmse, mae, null, null, null, null, null);
    }

    public static Metrics rankingOnly(RankingMetrics ranking) {
        return errorsOnly(Double.NaN, Double.NaN).withRanking(ranking).withoutErrors();
    }

    public Metrics withRanking(RankingMetrics ranking) {
        return new Metrics(rmse, mae, ranking.ndcg(), ranking.recall(), ranking.hitRate(), ranking.coverage(),
                ranking.popularityPercentile());
    }

    private Metrics withoutErrors() {
        return new Metrics(null, null, ndcgAt10, recallAt10, hitRateAt10, coverageAt10, popularityPercentile);
    }

    /** Ranking metrics at 10, averaged over the evaluated users. */
    public record RankingMetrics(double ndcg, double recall, double hitRate, int users, double coverage,
                                 double popularityPercentile) {
    }
}
