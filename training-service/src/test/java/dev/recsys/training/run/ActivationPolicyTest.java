package dev.recsys.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivationPolicyTest {

    private static MetricsView rated(double rmse, double ndcg) {
        return new MetricsView(rmse, null, ndcg, null, null, null, null);
    }

    private static MetricsView ranked(double ndcg) {
        return new MetricsView(null, null, ndcg, null, null, null, null);
    }

    private static MetricsView.Report report(MetricsView model, double easeNdcg, MetricsView.ColdMovies cold) {
        return new MetricsView.Report(model, new MetricsView.Baselines(rated(1.0, 0), rated(0.87, 0.085), ranked(0.114),
                ranked(easeNdcg), ranked(0.169)), null, null, cold, null, null, null);
    }

    private static final MetricsView.ColdMovies GOOD_COLD = new MetricsView.ColdMovies(332, 8096, 0.90, 0.92, 128, 0.36,
            0.37, 0.08, 0.02);

    @Test
    void aTieWithEaseActivatesAClearLossDoesNot() {
        ActivationPolicy.Decision tie = ActivationPolicy.decide(Activation.IF_BETTER, report(rated(0.827, 0.2428), 0.2436, GOOD_COLD),
                Optional.empty());
        assertTrue(tie.activate(), tie.reason());

        ActivationPolicy.Decision loss = ActivationPolicy.decide(Activation.IF_BETTER, report(rated(0.827, 0.2300), 0.2436, GOOD_COLD),
                Optional.empty());
        assertFalse(loss.activate());
        assertEquals("not activated: worse than the EASE baseline on NDCG@10 (0.2300 vs 0.2436)", loss.reason());
    }

    @Test
    void theReasonNamesEveryBaselineTheModelLostTo() {
        MetricsView.ColdMovies badCold = new MetricsView.ColdMovies(332, 8096, 0.95, 0.92, 128, 0.36, 0.37, 0.08, 0.02);
        ActivationPolicy.Decision decision = ActivationPolicy.decide(Activation.IF_BETTER,
                report(rated(0.90, 0.10), 0.2436, badCold), Optional.empty());
        assertFalse(decision.activate());
        assertEquals("not activated: worse than the bias baseline on RMSE (0.9000 vs 0.8700); the popularity baseline on "
                + "NDCG@10 (0.1000 vs 0.1140); the EASE baseline on NDCG@10 (0.1000 vs 0.2436); the item-kNN baseline on "
                + "NDCG@10 (0.1000 vs 0.1690); the user-mean + genre baseline on new movies (RMSE 0.9500 vs 0.9200)",
                decision.reason());
        assertTrue(ActivationPolicy.decide(Activation.ALWAYS, report(rated(0.90, 0.10), 0.2436, badCold), Optional.empty()).activate());
    }
}
