package dev.recsys.training.run;

import java.util.Optional;

/**
 * Whether a newly trained version becomes active. {@code if-better} never activates a model that
 * is worse (higher RMSE or lower NDCG@10) than the bias baseline, or than the active version when
 * that version was evaluated on the same split (same kind, holdout, seed and number of ratings).
 */
public final class ActivationPolicy {

    private ActivationPolicy() {
    }

    public record Decision(boolean activate, String reason) {
    }

    public static Decision decide(String policy, MetricsView.Report candidate, Optional<MetricsView.Report> active) {
        switch (policy) {
            case "never":
                return new Decision(false, "activate=never");
            case "always":
                return new Decision(true, "activate=always");
            default:
                break;
        }
        MetricsView model = candidate.model();
        MetricsView bias = candidate.baselines().bias();
        if (worse(model, bias)) {
            return new Decision(false, String.format("not activated: worse than the bias baseline (RMSE %.4f vs %.4f, "
                    + "NDCG@10 %.4f vs %.4f)", model.rmse(), bias.rmse(), model.ndcgAt10(), bias.ndcgAt10()));
        }
        if (active.isPresent() && active.get().evaluation() != null
                && active.get().evaluation().equals(candidate.evaluation()) && worse(model, active.get().model())) {
            return new Decision(false, String.format("not activated: worse than the active version on the same split "
                    + "(RMSE %.4f vs %.4f, NDCG@10 %.4f vs %.4f)", model.rmse(), active.get().model().rmse(),
                    model.ndcgAt10(), active.get().model().ndcgAt10()));
        }
        return new Decision(true, "activated: better than the bias baseline"
                + (active.isPresent() ? " and not worse than the active version on the same split" : ""));
    }

    private static boolean worse(MetricsView candidate, MetricsView reference) {
        return candidate.rmse() > reference.rmse() || candidate.ndcgAt10() < reference.ndcgAt10();
    }
}
