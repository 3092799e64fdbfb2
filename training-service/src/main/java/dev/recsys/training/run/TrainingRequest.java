package dev.recsys.training.run;

import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.hybrid.ModelParams;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /training-runs}; every field is optional and defaults as documented. */
@Schema(name = "TrainingRequest")
public record TrainingRequest(
        @Min(1) @Max(500) @Schema(description = "passes of the rating head over the training ratings; with tune, the most "
                + "that early stopping may use", examples = "20") Integer epochs,
        @Min(2) @Max(512) @Schema(description = "size of user and movie vectors", examples = "32") Integer embeddingDim,
        @Min(16) @Max(65536) @Schema(description = "ratings per optimizer step; by default chosen from the data (512 up "
                + "to about 4M training ratings, doubling with them up to 4096); the size used is in "
                + "metrics.evaluation.batchSize", examples = "512") Integer batchSize,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Schema(examples = "0.01") Double learningRate,
        @Schema(enumeration = {"random", "temporal"}, description = "random (default) or each user's latest ratings")
        SplitChoice split,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("0.5")
        @Schema(description = "share of ratings held out for evaluation", examples = "0.1") Double holdoutFraction,
        @Schema(examples = "42") Long seed,
        @Schema(enumeration = {"never", "if-better", "always"},
                description = "if-better (default) activates only a model that beats the bias baseline and the "
                        + "active version on the same split")
        Activation activate,
        @Schema(description = "choose regularisation, epochs (early stopping), the item-item λ and the top-N blend on a "
                + "validation share of the training ratings (default true); false trains with the given or default values",
                examples = "true")
        Boolean tune,
        @DecimalMin("0.5") @DecimalMax("5")
        @Schema(description = "a held-out rating of at least this counts as relevant for NDCG@10, Recall@10 and "
                + "HitRate@10 (default 4.0)", examples = "4.0")
        Double relevantRating) {

    public static TrainingRequest defaults() {
        return new TrainingRequest(null, null, null, null, null, null, null, null, null, null);
    }

    /** The request with every default filled in (the batch size stays null when chosen from the data): what the run records. */
    public TrainingRequest resolved() {
        ModelParams d = ModelParams.defaults();
        return new TrainingRequest(epochs == null ? d.epochs() : epochs, embeddingDim == null ? d.dimension() : embeddingDim,
                batchSize,   // null: chosen from the data by the trainer
                // Through its decimal text: the float default recorded as 0.01, not 0.009999999776482582.
                learningRate == null ? Double.valueOf(Float.toString(d.learningRate())) : learningRate,
                split == null ? SplitChoice.RANDOM : split, holdoutFraction == null ? 0.1 : holdoutFraction,
                seed == null ? 42L : seed, activate == null ? Activation.IF_BETTER : activate, tune == null || tune,
                relevantRating == null ? Double.valueOf(Evaluator.RELEVANT) : relevantRating);
    }

    ModelParams modelParams() {
        ModelParams d = ModelParams.defaults();
        return new ModelParams(epochs, embeddingDim, d.contentDimension(), d.hidden(),
                batchSize == null ? ModelParams.AUTO_BATCH_SIZE : batchSize, learningRate.floatValue(),
                d.regularization(), d.idDropout(), d.rankingWeight(), d.itemItemLambda(), d.itemItemMaxItems(),
                d.likeWeight(), seed);
    }
}
