package dev.recsys.model.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.recsys.model.data.UserHistories;
import java.util.SplittableRandom;

/**
 * What a {@link HybridModel} is built from, while it is still being written: the id maps and
 * content, the rating head's tables, the content encoder (embeddings and both towers) and the
 * training histories. The trainer fits into these tables and the artifact reader fills them; then
 * {@link #build} hands them to a model, which only reads them. Owns {@link #manager} (the towers'
 * parameters live there) until a model built with it takes it over.
 */
final class ModelTables implements AutoCloseable {

    final ModelParams params;
    final ContentVocabulary vocabulary;
    final int[] userIds;
    final int[] movieIds;
    final ContentVocabulary.Encoded[] movieContent;
    final float globalMean;
    final float[] userVectors;
    final float[] userBias;
    /** A movie's id embedding and bias: what the rating head learns beyond its content. */
    final float[] movieVectors;
    final float[] movieBias;
    /** How likely a movie is to be chosen at all: part of the pairwise term that regularises the rating head (not served). */
    final float[] choiceBias;
    final ContentEncoder encoder;
    final NDManager manager;
    /** The movies each user had rated in training: the item-item head's input. */
    private UserHistories histories;
    /** The movies each user liked in training; null in artifacts from before format 4. */
    private UserHistories likedHistories;
    private int[] ratingCounts;

    ModelTables(ModelParams params, ContentVocabulary vocabulary, int[] userIds, int[] movieIds,
                ContentVocabulary.Encoded[] movieContent, float globalMean, boolean contentTowerReadsYear,
                NDManager manager) {
        int d = params.dimension();
        this.params = params;
        this.vocabulary = vocabulary;
        this.userIds = userIds;
        this.movieIds = movieIds;
        this.movieContent = movieContent;
        this.globalMean = globalMean;
        userVectors = new float[userIds.length * d];
        userBias = new float[userIds.length];
        movieVectors = new float[movieIds.length * d];
        movieBias = new float[movieIds.length];
        choiceBias = new float[movieIds.length];
        encoder = new ContentEncoder(params, vocabulary, contentTowerReadsYear, manager);
        this.manager = manager;
    }

    /** Freshly initialised tables, ready for {@link RatingHeadFit}. */
    static ModelTables initialise(ModelParams params, ContentVocabulary vocabulary, int[] userIds, int[] movieIds,
                                  ContentVocabulary.Encoded[] movieContent, float globalMean, NDManager manager) {
        ModelTables tables = new ModelTables(params, vocabulary, userIds, movieIds, movieContent, globalMean, false, manager);
        SplittableRandom random = new SplittableRandom(params.seed());
        for (float[] table : new float[][] {tables.userVectors, tables.movieVectors, tables.encoder.genreEmbeddings,
            tables.encoder.wordEmbeddings, tables.encoder.personEmbeddings}) {
            for (int i = 0; i < table.length; i++) {
                table[i] = (float) (random.nextGaussian() * 0.05);
            }
        }
        return tables;
    }

    /**
     * One rating head whose predictions are the average of the members' (same data, other seeds): the
     * vectors side by side, each scaled by 1/√k, so ⟨p_u, q_i⟩ is the mean of the members' dot
     * products, and the mean biases. A movie's content vector is folded into its vector (the
     * content tower of these tables outputs zero); the cold tower and item-item head are fitted
     * afterwards ({@link HybridTrainer#completeHeads}). The members stay open.
     */
    static ModelTables average(HybridModel[] members) {
        HybridModel first = members[0];
        int k = members.length;
        int d = first.params.dimension();
        int kd = k * d;
        ModelTables tables = new ModelTables(first.params.withDimension(kd), first.tables.vocabulary, first.tables.userIds,
                first.tables.movieIds, first.tables.movieContent, first.tables.globalMean, false, NDManager.newBaseManager());
        try {
            float scale = (float) (1 / Math.sqrt(k));
            for (int e = 0; e < k; e++) {
                HybridModel member = members[e];
                float[] servedVectors = member.served.vectors;
                float[] servedBias = member.served.bias;
                for (int u = 0; u < first.tables.userIds.length; u++) {
                    for (int x = 0; x < d; x++) {
                        tables.userVectors[u * kd + e * d + x] = member.tables.userVectors[u * d + x] * scale;
                    }
                    tables.userBias[u] += member.tables.userBias[u] / k;
                }
                for (int i = 0; i < first.tables.movieIds.length; i++) {
                    for (int x = 0; x < d; x++) {
                        tables.movieVectors[i * kd + e * d + x] = servedVectors[i * d + x] * scale;
                    }
                    tables.movieBias[i] += servedBias[i] / k;
                    tables.choiceBias[i] += member.tables.choiceBias[i] / k;
                }
            }
            // The cold tower reads these embeddings; it is trained on top of them afterwards.
            float[][] from = first.tables.encoder.tables();
            float[][] to = tables.encoder.tables();
            for (int t = 0; t < from.length; t++) {
                System.arraycopy(from[t], 0, to[t], 0, from[t].length);
            }
            for (Pair<String, Parameter> parameter : tables.encoder.contentTower.getParameters()) {
                NDArray weights = parameter.getValue().getArray();
                // PyTorch refuses in-place writes to a leaf that records gradients; this one is no longer trained.
                weights.setRequiresGradient(false);
                weights.subi(weights);
            }
            tables.setHistories(first.histories, first.likedHistories);
            return tables;
        } catch (RuntimeException | Error e) {
            tables.close();
            throw e;
        }
    }

    /** The rating head's tables, then the content embeddings: the order of the artifact. */
    float[][] artifactTables() {
        return new float[][] {userVectors, userBias, movieVectors, movieBias, choiceBias,
            encoder.genreEmbeddings, encoder.wordEmbeddings, encoder.personEmbeddings};
    }

    /** The movies each user rated and liked in training; counts the ratings per movie too. */
    void setHistories(UserHistories trainingHistories, UserHistories liked) {
        histories = trainingHistories;
        likedHistories = liked;
        ratingCounts = trainingHistories.itemCounts(movieIds.length);
    }

    UserHistories histories() {
        return histories;
    }

    UserHistories likedHistories() {
        return likedHistories;
    }

    int[] ratingCounts() {
        return ratingCounts;
    }

    /**
     * The model of these tables with the given heads; it closes {@code owned} when it is closed: pass
     * {@link #manager} to hand the tables over, or a sub-manager of it for a model that only borrows them
     * (an epoch's model during training, a tuning trial), which must then be closed before the tables.
     */
    HybridModel build(ItemItemHead itemItem, ContentMeanRating contentMeanRating, NDManager owned) {
        return new HybridModel(this, itemItem, contentMeanRating, owned);
    }

    /** A model with {@code itemItem} and no content mean that borrows these tables: see {@link #build}. */
    HybridModel borrow(ItemItemHead itemItem) {
        return build(itemItem, null, manager.newSubManager());
    }

    @Override
    public void close() {
        manager.close();
    }
}
