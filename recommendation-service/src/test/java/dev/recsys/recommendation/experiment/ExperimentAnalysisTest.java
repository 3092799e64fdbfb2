package dev.recsys.recommendation.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The results' statistics on hand-computed cases and on simulated users whose behaviour we know. */
class ExperimentAnalysisTest {

    private static Experiment experiment(long id) {
        return new Experiment(id, "sim", Experiment.RUNNING, List.of(new Experiment.Variant("control", "active", 50),
                new Experiment.Variant("candidate", "2", 50)), Instant.EPOCH, null, null, null);
    }

    @Test
    void ratioAndDeltaMethodVarianceMatchHandComputedValues() {
        // Users (clicks, impressions): (1, 2), (0, 2), (3, 4). Ratio 4/8 = 0.5.
        RatioMetric m = RatioMetric.of(List.of(new RatioMetric.UserCounts(1, 2), new RatioMetric.UserCounts(0, 2),
                new RatioMetric.UserCounts(3, 4), new RatioMetric.UserCounts(5, 0)));
        assertEquals(3, m.users(), "a user with no impressions does not count");
        assertEquals(0.5, m.value(), 1e-12);
        // mean x = 4/3, mean y = 8/3; var x = 7/3, var y = 4/3, cov = 5/3 (sample, n-1);
        // Var = (7/3 - 2*0.5*5/3 + 0.25*4/3) / (3 * (8/3)^2) = (1) / (64/3) = 3/64.
        assertEquals(3.0 / 64, m.variance(), 1e-12);
        double[] ci = m.interval();
        assertEquals(0.5 - 1.959963984540054 * Math.sqrt(3.0 / 64), ci[0], 1e-12);

        // With one impression per user the variance is the binomial p(1-p)/n (times n/(n-1)).
        List<RatioMetric.UserCounts> bernoulli = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            bernoulli.add(new RatioMetric.UserCounts(i < 20 ? 1 : 0, 1));
        }
        assertEquals(0.2 * 0.8 / 100 * 100 / 99, RatioMetric.of(bernoulli).variance(), 1e-12);
    }

    @Test
    void variantsWithoutSpreadBetweenUsersDifferSurelyOrNotAtAll() {
        List<RatioMetric.UserCounts> tenPercent = List.of(new RatioMetric.UserCounts(1, 10), new RatioMetric.UserCounts(2, 20));
        List<RatioMetric.UserCounts> thirtyPercent = List.of(new RatioMetric.UserCounts(3, 10), new RatioMetric.UserCounts(6, 20));
        RatioMetric.Comparison better = RatioMetric.of(thirtyPercent).against(RatioMetric.of(tenPercent));
        assertEquals(0.2, better.difference(), 1e-12);
        assertEquals(0.0, better.pValue());
        assertTrue(better.significant());
        RatioMetric.Comparison same = RatioMetric.of(tenPercent).against(RatioMetric.of(tenPercent));
        assertEquals(1.0, same.pValue());
        assertFalse(same.significant());
        assertTrue(Double.isNaN(RatioMetric.of(tenPercent.subList(0, 1)).against(RatioMetric.of(tenPercent)).pValue()),
                "one user: no variance estimate, no test");
    }

    @Test
    void zTestPValuesAreTheNormalDistributionsTails() {
        assertEquals(0.975, RatioMetric.standardNormalCdf(1.959963984540054), 1e-6);
        assertEquals(0.5, RatioMetric.standardNormalCdf(0), 1e-7);
        assertEquals(0.00135, RatioMetric.standardNormalCdf(-3), 1e-5);
        RatioMetric a = new RatioMetric(1000, 100, 1000, 0.10, 0.0001);
        RatioMetric b = new RatioMetric(1000, 130, 1000, 0.13, 0.0001);
        RatioMetric.Comparison c = b.against(a);
        assertEquals(0.03, c.difference(), 1e-12);
        // z = 0.03 / sqrt(0.0002) = 2.1213: two-sided p = 0.0339.
        assertEquals(0.0339, c.pValue(), 1e-4);
        assertTrue(c.significant());
        assertEquals((1.959963984540054 + 0.8416212335729143) * Math.sqrt(0.0002), c.detectable(), 1e-12);
    }

    /** Users with their own click propensity (so impressions of one user are correlated), in their assigned variant. */
    private static Map<Integer, ExperimentAnalysis.UserActivity> simulate(Experiment experiment, int users, double controlCtr,
                                                                        double candidateCtr, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Integer, ExperimentAnalysis.UserActivity> activity = new HashMap<>();
        for (int user = 1; user <= users; user++) {
            boolean candidate = Assignment.variantOf(experiment, user).name().equals("candidate");
            double base = candidate ? candidateCtr : controlCtr;
            // Propensity varies by user: a Beta-like spread around the variant's rate.
            double propensity = Math.min(0.95, base * 2 * random.nextDouble());
            int impressions = 1 + random.nextInt(20);
            int clicks = 0;
            for (int i = 0; i < impressions; i++) {
                if (random.nextDouble() < propensity) {
                    clicks++;
                }
            }
            int rated = random.nextInt(impressions + 1) / 4;
            activity.put(user, new ExperimentAnalysis.UserActivity(impressions, clicks, impressions, rated,
                    rated * 3.5, rated));
        }
        return activity;
    }

    @Test
    void aBetterCandidateIsReportedSignificantlyBetter() {
        Experiment experiment = experiment(1);
        ExperimentResults results = ExperimentAnalysis.analyse(experiment, Instant.EPOCH, Instant.now(),
                simulate(experiment, 20_000, 0.10, 0.12, 7));
        ExperimentResults.VariantResult control = results.variants().get(0);
        ExperimentResults.VariantResult candidate = results.variants().get(1);
        assertNull(control.vsControl());
        assertEquals(20_000, control.usersExposed() + candidate.usersExposed());
        assertEquals(0.10, control.clickThroughRate().value(), 0.01);
        assertEquals(0.12, candidate.clickThroughRate().value(), 0.01);
        ExperimentResults.Difference ctr = candidate.vsControl().clickThroughRate();
        assertTrue(ctr.significant(), "B's higher click-through rate must be significant: " + ctr);
        assertTrue(ctr.low() > 0 && ctr.high() > ctr.difference(), ctr.toString());
        assertTrue(results.warnings().isEmpty(), results.warnings().toString());
    }

    @Test
    void twoIdenticalVariantsDifferSignificantlyAboutFivePercentOfTheTime() {
        int experiments = 400;
        int significant = 0;
        for (int seed = 0; seed < experiments; seed++) {
            Experiment experiment = experiment(1000 + seed);
            ExperimentResults results = ExperimentAnalysis.analyse(experiment, Instant.EPOCH, Instant.now(),
                    simulate(experiment, 2_000, 0.10, 0.10, seed));
            if (results.variants().get(1).vsControl().clickThroughRate().significant()) {
                significant++;
            }
        }
        double rate = significant / (double) experiments;
        // 5 % expected; over 400 A/A experiments the rate lies in [2.5 %, 8 %] with probability > 99 %.
        assertTrue(rate >= 0.025 && rate <= 0.08, "A/A false-positive rate " + rate);
    }

    @Test
    void aSmallSampleIsFlaggedAsUnderpowered() {
        Experiment experiment = experiment(5);
        ExperimentResults results = ExperimentAnalysis.analyse(experiment, Instant.EPOCH, Instant.now(),
                simulate(experiment, 200, 0.10, 0.10, 3));
        assertEquals(1, results.warnings().size(), results.warnings().toString());
        assertTrue(results.warnings().get(0).startsWith("variant candidate: too few users to detect a 10 % change in "
                + "click-through rate"), results.warnings().get(0));
        assertFalse(results.variants().get(1).vsControl().clickThroughRate().significant());
    }
}
