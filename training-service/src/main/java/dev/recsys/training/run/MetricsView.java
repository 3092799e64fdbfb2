package dev.recsys.training.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.recsys.model.eval.ColdMovieEvaluation;
import dev.recsys.model.eval.Metrics;
import dev.recsys.model.hybrid.HybridTuner;
import dev.recsys.model.pipeline.TrainingPipeline;
import dev.recsys.model.publicrating.PublicRatingRun;
import java.util.ArrayList;
import java.util.List;

/** Metrics as the API shows them: a baseline leaves out what it cannot compute. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricsView(Double rmse, Double mae, Double ndcgAt10, Double recallAt10, Double hitRateAt10,
                          Double coverageAt10, Double popularityPercentile) {

    static MetricsView of(Metrics m) {
        return m == null ? null : new MetricsView(m.rmse(), m.mae(), m.ndcgAt10(), m.recallAt10(), m.hitRateAt10(),
                m.coverageAt10(), m.popularityPercentile());
    }

    /** The model's metrics and its baselines' on the same split, how the settings were chosen, and the cold-movie check. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(MetricsView model, Baselines baselines, Evaluation evaluation, Tuning tuning,
                         ColdMovies coldMovies, FreshUsers freshUsers, List<TradeOff> tradeOffs, List<Phase> phases,
                         PublicRatingView publicRating) {

        public Report(MetricsView model, Baselines baselines, Evaluation evaluation, Tuning tuning, ColdMovies coldMovies,
                      FreshUsers freshUsers, List<TradeOff> tradeOffs, List<Phase> phases) {
            this(model, baselines, evaluation, tuning, coldMovies, freshUsers, tradeOffs, phases, null);
        }
    }

    /**
     * The evaluated users' top-10 lists re-ranked at one setting of the diversity and novelty knobs
     * (docs/architecture.md, "beyond accuracy"): their accuracy beside what they are like.
     *
     * @param intraListDiversity mean pairwise genre distance (1 - Jaccard overlap) within a list
     * @param novelty            mean self-information of a listed movie, in bits ({@code -log2} of the share of
     *                           users who rated it)
     */
    public record TradeOff(double diversity, double novelty, double ndcgAt10, double recallAt10, double coverageAt10,
                           double popularityPercentile, double intraListDiversity, double noveltyBits) {
    }

    /** How long one phase of the run took, in run order ("tuning", "evaluated fit", "refit", ...). */
    public record Phase(String name, double seconds) {
    }

    /** A run's report as the API shows it (rounded), with how it was asked for. */
    static Report of(TrainingPipeline.Report r, TrainingRequest request) {
        return of(r, request, null);
    }

    /** The same, with the public-rating (IMDb) model's evaluation (null: not measured). */
    static Report of(TrainingPipeline.Report r, TrainingRequest request, PublicRatingRun publicRating) {
        dev.recsys.model.eval.Baselines.Report b = r.baselines();
        Tuning tuning = r.tuning() == null ? null : new Tuning(new Chosen(round((double) r.params().regularization()),
                r.params().epochs(), r.params().itemItemLambda(), round((double) r.params().likeWeight())), r.tuning().trials(),
                round(r.phaseSeconds("tuning")));
        ColdMovieEvaluation.Result c = r.coldMovies();
        ColdMovies cold = c == null ? null : new ColdMovies(c.movies(), c.ratings(), round(c.rmse()),
                round(c.userMeanGenreRmse()), c.moviesWithMean(), round(c.movieMeanRmse()), round(c.genreMeanRmse()),
                round(c.ndcgAt10()), round(c.genrePopularityNdcgAt10()));
        TrainingPipeline.FreshUsersReport f = r.freshUsers();
        FreshUsers fresh = f == null ? null : new FreshUsers(f.fraction(), f.given(), f.users(), ranking(f.live()),
                ranking(f.foldIn()), ranking(f.popularity()));
        List<TradeOff> tradeOffs = r.tradeOffs().stream().map(t -> new TradeOff(t.diversity(), t.novelty(),
                round(t.ndcgAt10()), round(t.recallAt10()), round(t.coverageAt10()), round(t.popularityPercentile()),
                round(t.intraListDiversity()), round(t.noveltyBits()))).toList();
        List<Phase> phases = new ArrayList<>();
        r.phaseSeconds().forEach((phase, seconds) -> phases.add(new Phase(phase, round(seconds))));
        return new Report(of(r.model()), new Baselines(of(b.globalMean()), of(b.bias()), of(b.popularity()), of(b.ease()),
                of(b.itemKnn())), new Evaluation(request.split().toString(), request.holdoutFraction(), request.seed(),
                request.relevantRating(), r.trainRatings(), r.testRatings(), r.rankedUsers(), r.servedRatings(),
                r.params().batchSize()), tuning, cold, fresh, tradeOffs, phases, PublicRatingView.of(publicRating));
    }

    private static MetricsView ranking(Metrics.RankingMetrics m) {
        return new MetricsView(null, null, round(m.ndcg()), round(m.recall()), round(m.hitRate()), round(m.coverage()), null);
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 1e6) / 1e6;
    }

    /** ease and itemKnn are the strong ranking references (absent when no movie has enough ratings for them). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Baselines(MetricsView globalMean, MetricsView bias, MetricsView popularity, MetricsView ease,
                            MetricsView itemKnn) {
    }

    /** How the metrics were computed, so that versions are compared only on the same split. */
    /**
     * @param servedRatings how many ratings the served model learned from: all of them, or trainRatings
     *                      without a refit; null for runs recorded before it was
     * @param batchSize     ratings per step of the evaluated fit (given, or chosen from the data); null for
     *                      runs recorded before it was
     */
    public record Evaluation(String split, double holdoutFraction, long seed, double relevantRating, int trainRatings,
                             int testRatings, int rankedUsers, Integer servedRatings, Integer batchSize) {
    }

    /** The settings chosen on a validation share of the training ratings, and every trial. */
    public record Tuning(Chosen chosen, List<HybridTuner.Trial> trials, double seconds) {
    }

    /** The values the evaluated and the served model were trained with. */
    public record Chosen(double regularization, int epochs, double itemItemLambda, double likeWeight) {
    }

    /**
     * Whole movies held out of a separate fit and scored from content alone (docs/architecture.md, cold tower):
     * per-rating RMSE against "user mean + genre offset", RMSE of each movie's mean rating (average
     * user) against "mean of its genres", and NDCG@10 among the held-out movies against popularity within genre.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ColdMovies(int movies, int ratings, Double rmse, Double userMeanGenreRmse, Integer moviesWithMean,
                             Double movieMeanRmse, Double genreMeanRmse, Double ndcgAt10, Double genrePopularityNdcgAt10) {
    }

    /**
     * Users kept out of the evaluated fit, each giving their first {@code given} ratings by time
     * (docs/architecture.md, "fresh users"): NDCG@10 and Recall@10 of the live list from those ratings
     * against the plain fold-in and most-popular, relevant = their later ratings at the relevance threshold.
     */
    public record FreshUsers(double fraction, int given, int users, MetricsView model, MetricsView foldIn,
                             MetricsView popularity) {
    }
}
