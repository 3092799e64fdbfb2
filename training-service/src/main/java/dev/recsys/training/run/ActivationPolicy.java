package dev.recsys.training.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a newly trained version becomes active. {@code if-better} never activates a model whose
 * RMSE is higher than the bias baseline's, whose NDCG@10 is lower than the bias or popularity
 * baseline's or more than {@link #STRONG_REFERENCE_TOLERANCE} below EASE's or item-kNN's, whose cold
 * path is worse than its simple baselines, or that is worse than the active version when that
 * version was evaluated on the same split. The reason names what it lost to.
 *
 * <p>Why a tolerance for EASE and item-kNN: the model's "will pick" head is EASE itself, with λ and
 * the blend chosen on validation data, so on test data the two can differ by noise either way
 * (docs/benchmarks.md). Refusing on such a tie would leave the previous version serving for no
 * reason; a clear loss still refuses.
 */
public final class ActivationPolicy {

    /** A model may trail EASE or item-kNN on NDCG@10 by up to this share (noise, see above) and still activate. */
    public static final double STRONG_REFERENCE_TOLERANCE = 0.02;

    private ActivationPolicy() {
    }

    public record Decision(boolean activate, String reason) {
    }

    public static Decision decide(Activation policy, MetricsView.Report candidate, Optional<MetricsView.Report> active) {
        if (policy != Activation.IF_BETTER) {
            return new Decision(policy == Activation.ALWAYS, "activate=" + policy);
        }
        MetricsView model = candidate.model();
        MetricsView.Baselines b = candidate.baselines();
        List<String> lostTo = new ArrayList<>();
        if (b.bias() != null && model.rmse() > b.bias().rmse()) {
            lostTo.add(String.format("bias baseline on RMSE (%.4f vs %.4f)", model.rmse(), b.bias().rmse()));
        }
        rankingLoss("bias baseline", model, b.bias(), 0, lostTo);
        rankingLoss("popularity baseline", model, b.popularity(), 0, lostTo);
        rankingLoss("EASE baseline", model, b.ease(), STRONG_REFERENCE_TOLERANCE, lostTo);
        rankingLoss("item-kNN baseline", model, b.itemKnn(), STRONG_REFERENCE_TOLERANCE, lostTo);
        MetricsView.ColdMovies cold = candidate.coldMovies();
        if (cold != null && cold.rmse() != null && cold.rmse() > cold.userMeanGenreRmse()) {
            lostTo.add(String.format("user-mean + genre baseline on new movies (RMSE %.4f vs %.4f)", cold.rmse(),
                    cold.userMeanGenreRmse()));
        }
        if (cold != null && cold.movieMeanRmse() != null && cold.movieMeanRmse() > cold.genreMeanRmse()) {
            lostTo.add(String.format("genre-mean baseline on new movies' mean ratings (RMSE %.4f vs %.4f)",
                    cold.movieMeanRmse(), cold.genreMeanRmse()));
        }
        if (!lostTo.isEmpty()) {
            return new Decision(false, "not activated: worse than the " + String.join("; the ", lostTo));
        }
        if (active.isPresent() && active.get().evaluation() != null
                && active.get().evaluation().equals(candidate.evaluation()) && worse(model, active.get().model())) {
            return new Decision(false, String.format("not activated: worse than the active version on the same split "
                    + "(RMSE %.4f vs %.4f, NDCG@10 %.4f vs %.4f)", model.rmse(), active.get().model().rmse(),
                    model.ndcgAt10(), active.get().model().ndcgAt10()));
        }
        return new Decision(true, "activated: better than every baseline"
                + (active.isPresent() ? " and not worse than the active version on the same split" : ""));
    }

    private static void rankingLoss(String name, MetricsView model, MetricsView baseline, double tolerance,
                                    List<String> lostTo) {
        if (baseline != null && baseline.ndcgAt10() != null && model.ndcgAt10() < (1 - tolerance) * baseline.ndcgAt10()) {
            lostTo.add(String.format("%s on NDCG@10 (%.4f vs %.4f)", name, model.ndcgAt10(), baseline.ndcgAt10()));
        }
    }

    private static boolean worse(MetricsView candidate, MetricsView reference) {
        return candidate.rmse() > reference.rmse() || candidate.ndcgAt10() < reference.ndcgAt10();
    }
}
