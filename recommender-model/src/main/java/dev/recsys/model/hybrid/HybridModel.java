package dev.recsys.model.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.recsys.model.DenseSystem;
import dev.recsys.model.RatingScale;
import dev.recsys.model.data.UserHistories;
import dev.recsys.model.implicit.EaseModel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The hybrid collaborative + content model (docs/architecture.md), with two heads over one set of movies.
 * "Will like" (predicted ratings): {@code μ + b_u + b_i + ⟨p_u, q_i⟩}, where {@code b_i} and {@code q_i}
 * are the movie's id bias and embedding plus the output of a DJL content tower (mean genre, title-word
 * and person embeddings and normalised numbers). "Will pick" (top-N): the item-item head
 * ({@link EaseModel}) over the movies the user rated, plus a tuned share of the "will like" terms; see
 * {@link #scores(int, float[])}. A cold tower maps content alone to a bias and vector on the learned
 * scale: it serves movies without ratings and movies in no catalog ({@link #predictNewItem}).
 *
 * <p>Embedding tables are Java arrays updated row-sparsely by {@link HybridTrainer}; only the
 * towers and the item-item inversion live in DJL. Not thread-safe while training; after
 * {@link #refreshItemVectors}, {@link #predict} and {@link #scores} only read.
 */
public final class HybridModel implements AutoCloseable {

    /** Keeps the numbers on the scale of the (small, regularised) embedding means they sit next to. */
    static final float NUMERIC_SCALE = 0.1f;

    final ModelParams params;
    final ContentVocabulary vocabulary;
    final int[] userIds;
    final int[] itemIds;
    final ContentVocabulary.Encoded[] itemContent;
    float globalMean;
    final float[] userVectors;
    final float[] userBias;
    final float[] itemVectors;
    final float[] itemBias;
    /** How likely a movie is to be chosen at all: part of the pairwise term that regularises the rating head (not served). */
    final float[] choiceBias;
    final float[] genreEmbeddings;
    final float[] wordEmbeddings;
    final float[] personEmbeddings;
    final NDManager manager;
    final Block contentTower;
    /** Content alone → a movie's (vector, bias) on the learned scale: the path for movies without ratings. */
    final Block coldTower;
    /** The movies each user had rated when the model was trained: the item-item head's input. */
    private UserHistories histories;
    /** The movies each user liked in the training data (the item-item head reads them); null in old artifacts. */
    private UserHistories likedHistories;
    /** Training ratings per movie, from {@link #histories}. */
    private int[] ratingCounts;
    /** The "will pick" head; null when the catalog has too few co-rated movies for it. */
    EaseModel itemItem;
    /** Weight of the rating head's "will like" term in top-N scores, chosen on validation data. */
    float likeWeight;
    /** For each movie the item-item head does not model: its nearest modelled movies by content ({@link #NEIGHBOURS} slots). */
    int[] contentNeighbours = new int[0];
    /**
     * The mean rating a movie gets from its content alone, for the average-user answer on a movie
     * without ratings; null in artifacts from before format 3.
     */
    ContentMeanRating contentMeanRating;
    /** Whether the content tower reads the year: only in artifacts from before format 5, trained that way. */
    boolean contentTowerReadsYear;
    private final float[] servingItemVectors;
    private final float[] servingItemBias;
    private final float[] meanUserVector;
    private float meanUserBias;
    private int[] neighbourRow = new int[0];
    /** {@link #contentNeighbours} as the item-item head's slots, for scoring. */
    private int[] neighbourSlots = new int[0];
    /** {@link #servingItemVectors} for block scoring, made on first use; null until then and after a refresh. */
    private NDArray servingItemMatrix;

    /** How many content neighbours lend a movie without co-ratings its item-item score, and how much of it. */
    static final int NEIGHBOURS = 5;
    static final float NEIGHBOUR_SHRINK = 0.2f;

    /** Below this many training ratings a movie's fitted bias and vector are only partly trusted for ranking. */
    static final int FEW_RATINGS = 5;

    HybridModel(ModelParams params, ContentVocabulary vocabulary, int[] userIds, int[] itemIds,
                ContentVocabulary.Encoded[] itemContent, NDManager manager) {
        this.params = params;
        this.vocabulary = vocabulary;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.itemContent = itemContent;
        int d = params.dimension();
        int k = params.contentDimension();
        userVectors = new float[userIds.length * d];
        userBias = new float[userIds.length];
        itemVectors = new float[itemIds.length * d];
        itemBias = new float[itemIds.length];
        choiceBias = new float[itemIds.length];
        genreEmbeddings = new float[Math.max(1, vocabulary.genreCount()) * k];
        wordEmbeddings = new float[Math.max(1, vocabulary.wordCount()) * k];
        personEmbeddings = new float[Math.max(1, vocabulary.personCount()) * k];
        servingItemVectors = new float[itemIds.length * d];
        servingItemBias = new float[itemIds.length];
        meanUserVector = new float[d];
        this.manager = manager;
        contentTower = tower(params, manager);   // the content vector, then a content bias
        coldTower = tower(params, manager);      // a new movie's vector, then its bias
    }

    /** Content input → hidden ReLU layer → {@code dimension + 1} outputs (a vector, then a bias). */
    private static Block tower(ModelParams params, NDManager manager) {
        Block tower = new SequentialBlock()
                .add(Linear.builder().setUnits(params.hidden()).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(params.dimension() + 1).build());
        tower.initialize(manager, DataType.FLOAT32, new Shape(1, params.contentInput()));
        return tower;
    }

    /** A freshly initialised model, ready for {@link HybridTrainer}. */
    static HybridModel initialise(ModelParams params, ContentVocabulary vocabulary, int[] userIds, int[] itemIds,
                                  ContentVocabulary.Encoded[] itemContent, float globalMean, NDManager manager) {
        HybridModel model = new HybridModel(params, vocabulary, userIds, itemIds, itemContent, manager);
        model.globalMean = globalMean;
        SplittableRandom random = new SplittableRandom(params.seed());
        for (float[] table : new float[][] {model.userVectors, model.itemVectors, model.genreEmbeddings,
            model.wordEmbeddings, model.personEmbeddings}) {
            for (int i = 0; i < table.length; i++) {
                table[i] = (float) (random.nextGaussian() * 0.05);
            }
        }
        return model;
    }

    /**
     * One rating head whose predictions are the average of the members' (same data, other seeds): the
     * vectors side by side, each scaled by 1/√k, so ⟨p_u, q_i⟩ is the mean of the members' dot
     * products, and the mean biases. A movie's content vector is folded into its vector (the
     * returned model's content tower outputs zero); the cold tower and item-item head are fitted
     * afterwards ({@link HybridTrainer#completeHeads}). The members stay open.
     */
    static HybridModel average(HybridModel[] members) {
        HybridModel first = members[0];
        int k = members.length;
        int d = first.params.dimension();
        int kd = k * d;
        HybridModel model = new HybridModel(first.params.withDimension(kd), first.vocabulary, first.userIds, first.itemIds,
                first.itemContent, NDManager.newBaseManager());
        try {
            model.globalMean = first.globalMean;
            float scale = (float) (1 / Math.sqrt(k));
            for (int e = 0; e < k; e++) {
                HybridModel member = members[e];
                for (int u = 0; u < first.userIds.length; u++) {
                    for (int x = 0; x < d; x++) {
                        model.userVectors[u * kd + e * d + x] = member.userVectors[u * d + x] * scale;
                    }
                    model.userBias[u] += member.userBias[u] / k;
                }
                for (int i = 0; i < first.itemIds.length; i++) {
                    for (int x = 0; x < d; x++) {
                        model.itemVectors[i * kd + e * d + x] = member.servingItemVectors[i * d + x] * scale;
                    }
                    model.itemBias[i] += member.servingItemBias[i] / k;
                    model.choiceBias[i] += member.choiceBias[i] / k;
                }
            }
            // The cold tower reads these embeddings; it is trained on top of them afterwards.
            System.arraycopy(first.genreEmbeddings, 0, model.genreEmbeddings, 0, first.genreEmbeddings.length);
            System.arraycopy(first.wordEmbeddings, 0, model.wordEmbeddings, 0, first.wordEmbeddings.length);
            System.arraycopy(first.personEmbeddings, 0, model.personEmbeddings, 0, first.personEmbeddings.length);
            for (Pair<String, Parameter> parameter : model.contentTower.getParameters()) {
                NDArray weights = parameter.getValue().getArray();
                // PyTorch refuses in-place writes to a leaf that records gradients; this one is no longer trained.
                weights.setRequiresGradient(false);
                weights.subi(weights);
            }
            model.setHistories(first.histories(), first.likedHistories());
            model.refreshItemVectors();
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    public int userCount() {
        return userIds.length;
    }

    public int itemCount() {
        return itemIds.length;
    }

    public int dimension() {
        return params.dimension();
    }

    /** Dense index of a user id, or negative when the model has never seen the user. */
    public int userIndex(int userId) {
        return Arrays.binarySearch(userIds, userId);
    }

    /** Dense index of a movie id, or negative when the movie is not in the model. */
    public int itemIndex(int itemId) {
        return Arrays.binarySearch(itemIds, itemId);
    }

    public int userId(int userIndex) {
        return userIds[userIndex];
    }

    public int itemId(int itemIndex) {
        return itemIds[itemIndex];
    }

    public ModelParams params() {
        return params;
    }

    public ContentVocabulary vocabulary() {
        return vocabulary;
    }

    /** Predicted rating (unclamped) for dense indices; item vectors must have been refreshed. */
    public double predict(int user, int item) {
        int d = params.dimension();
        float dot = 0;
        for (int k = 0; k < d; k++) {
            dot += userVectors[user * d + k] * servingItemVectors[item * d + k];
        }
        return globalMean + userBias[user] + servingItemBias[item] + dot;
    }

    /**
     * Top-N scores of every movie for one user, written into {@code out}: the item-item head's
     * "will pick" score from the movies the user had rated, plus {@code likeWeight ×} the rating head's
     * "will like" part ({@code b_i + ⟨p_u, q_i⟩}, the terms of the predicted rating that vary by movie).
     * A movie the item-item head does not model (too few ratings, or none) borrows a shrunk mean of its
     * content neighbours' scores, so a new movie can still be recommended.
     */
    public void scores(int user, float[] out) {
        scores(userVectors, user * params.dimension(), trainedItems(user), likedItems(user), out);
    }

    private void scores(float[] vectors, int userOffset, int[] history, int[] liked, float[] out) {
        int d = params.dimension();
        for (int item = 0; item < itemIds.length; item++) {
            float dot = 0;
            int itemOffset = item * d;
            for (int k = 0; k < d; k++) {
                dot += vectors[userOffset + k] * servingItemVectors[itemOffset + k];
            }
            out[item] = dot;
        }
        completeScores(history, liked, out, 0, itemItem == null ? null : new float[itemItem.modelledCount()]);
    }

    /**
     * Top-N scores of several users at once, as {@link #scores(int, float[])} gives them one by one:
     * row {@code b} of {@code out} (row-major, {@code users.length × itemCount}) for {@code users[b]}.
     * The "will like" dot products of the whole block are one matrix product (PyTorch), which reads
     * the item vectors once per block instead of once per user: the batch job's path.
     */
    public void scores(int[] users, float[] out) {
        int d = params.dimension();
        int n = itemIds.length;
        float[] block = new float[users.length * d];
        for (int b = 0; b < users.length; b++) {
            System.arraycopy(userVectors, users[b] * d, block, b * d, d);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray dots = scope.create(block, new Shape(users.length, d)).matMul(servingItemMatrix().transpose());
            dots.toByteBuffer().asFloatBuffer().get(out, 0, users.length * n);
        }
        float[] pickBySlot = itemItem == null ? null : new float[itemItem.modelledCount()];
        for (int b = 0; b < users.length; b++) {
            completeScores(trainedItems(users[b]), likedItems(users[b]), out, b * n, pickBySlot);
        }
    }

    /** The served item vectors as a PyTorch matrix ({@code itemCount × dimension}), made once per refresh. */
    private synchronized NDArray servingItemMatrix() {
        if (servingItemMatrix == null) {
            servingItemMatrix = manager.create(servingItemVectors, new Shape(itemIds.length, params.dimension()));
        }
        return servingItemMatrix;
    }

    /**
     * Turns the "will like" dot products in {@code out[offset, +itemCount)} into top-N scores: the
     * rating head's term weighted by {@code likeWeight}, plus the item-item head's "will pick" score
     * of the history and its liked movies (or a shrunk mean of content neighbours' for a movie the
     * head does not model).
     */
    private void completeScores(int[] history, int[] liked, float[] out, int offset, float[] pickBySlot) {
        float weight = itemItem == null ? 1 : likeWeight;
        for (int item = 0; item < itemIds.length; item++) {
            out[offset + item] = weight * (servingItemBias[item] + out[offset + item]) * likeTrust(item);
        }
        if (itemItem == null) {
            return;
        }
        itemItem.slotScores(history, liked, pickBySlot);
        for (int item = 0; item < itemIds.length; item++) {
            int row = neighbourRow[item];
            if (row >= 0) {
                float sum = 0;
                for (int n = 0; n < NEIGHBOURS; n++) {
                    sum += pickBySlot[neighbourSlots[row * NEIGHBOURS + n]];
                }
                out[offset + item] += NEIGHBOUR_SHRINK * sum / NEIGHBOURS;
            } else {
                out[offset + item] += pickBySlot[itemItem.slot(item)];
            }
        }
    }

    /** One user's preference vector (a copy). */
    public float[] userVector(int user) {
        int d = params.dimension();
        return Arrays.copyOfRange(userVectors, user * d, (user + 1) * d);
    }

    /** Every user's preference vector, row-major {@code userCount × dimension} (a copy). */
    public float[] userVectors() {
        return userVectors.clone();
    }

    /** The movies (dense indices) the user had rated in the training data; empty for a model without them. */
    public int[] trainedItems(int user) {
        return histories == null ? new int[0] : histories.items(user);
    }

    /** The movies (dense indices) the user liked in the training data; empty for a model without them. */
    private int[] likedItems(int user) {
        return likedHistories == null ? new int[0] : likedHistories.items(user);
    }

    /**
     * How far the "will like" term of a movie's top-N score is trusted: fully for a movie with
     * enough ratings or none (a new movie's comes from the cold tower), less for one fitted to a
     * handful of ratings, whose bias and vector are mostly noise.
     */
    private float likeTrust(int item) {
        if (ratingCounts == null || ratingCounts[item] == 0 || ratingCounts[item] >= FEW_RATINGS) {
            return 1;
        }
        return (float) ratingCounts[item] / FEW_RATINGS;
    }

    /** A user vector and bias computed on the fly (fold-in) for a visitor the model was not trained on. */
    public record FoldedUser(float[] vector, float bias, int[] items, int[] likedItems) {
    }

    /**
     * Fold-in: the user vector and bias that best explain the given ratings with every movie vector
     * fixed, by ridge regression (docs/architecture.md). No retraining; cost is O(n·d² + d³).
     */
    public FoldedUser foldIn(int[] items, float[] ratings, float regularisation) {
        int d = params.dimension();
        int size = d + 1;
        double[][] a = new double[size][size];
        double[] b = new double[size];
        double[] x = new double[size];
        for (int r = 0; r < items.length; r++) {
            int item = items[r];
            for (int k = 0; k < d; k++) {
                x[k] = servingItemVectors[item * d + k];
            }
            x[d] = 1;   // the user bias
            double target = ratings[r] - globalMean - servingItemBias[item];
            for (int i = 0; i < size; i++) {
                b[i] += x[i] * target;
                for (int j = 0; j < size; j++) {
                    a[i][j] += x[i] * x[j];
                }
            }
        }
        for (int i = 0; i < size; i++) {
            a[i][i] += regularisation;
        }
        double[] solution = DenseSystem.solve(a, b);
        float[] vector = new float[d];
        for (int k = 0; k < d; k++) {
            vector[k] = (float) solution[k];
        }
        int[] history = java.util.Arrays.stream(items).distinct().sorted().toArray();
        int[] liked = java.util.stream.IntStream.range(0, items.length).filter(r -> ratings[r] >= RatingScale.LIKED)
                .map(r -> items[r]).distinct().sorted().toArray();
        return new FoldedUser(vector, (float) solution[d], history, liked);
    }

    /** Predicted rating (unclamped) of a movie for a folded-in user. */
    public double predict(FoldedUser user, int item) {
        int d = params.dimension();
        float dot = 0;
        for (int k = 0; k < d; k++) {
            dot += user.vector()[k] * servingItemVectors[item * d + k];
        }
        return globalMean + user.bias() + servingItemBias[item] + dot;
    }

    /** Top-N scores for a folded-in user, like {@link #scores(int, float[])}. */
    public void scores(FoldedUser user, float[] out) {
        scores(user.vector(), 0, user.items(), user.likedItems(), out);
    }

    /** Cosine similarity of every movie's vector to one movie's, written into {@code out} (itself: -infinity). */
    public void similarities(int item, float[] out) {
        int d = params.dimension();
        double norm = norm(item);
        for (int other = 0; other < itemIds.length; other++) {
            double dot = 0;
            for (int k = 0; k < d; k++) {
                dot += servingItemVectors[item * d + k] * servingItemVectors[other * d + k];
            }
            double denominator = norm * norm(other);
            out[other] = denominator == 0 ? 0 : (float) (dot / denominator);
        }
        out[item] = Float.NEGATIVE_INFINITY;
    }

    private double norm(int item) {
        int d = params.dimension();
        double sum = 0;
        for (int k = 0; k < d; k++) {
            sum += servingItemVectors[item * d + k] * servingItemVectors[item * d + k];
        }
        return Math.sqrt(sum);
    }

    /**
     * Predicted rating for a user the model has never seen: what the average user of the training
     * data would give (the mean user bias and vector, not a zero vector).
     */
    public double predictWithoutUser(int item) {
        int d = params.dimension();
        double score = globalMean + meanUserBias + servingItemBias[item];
        for (int k = 0; k < d; k++) {
            score += meanUserVector[k] * servingItemVectors[item * d + k];
        }
        return score;
    }

    /** How much of a cold movie's average-user prediction is the cold tower's; the rest is its content mean rating. */
    static final double COLD_TOWER_SHARE = 0.25;

    /**
     * The cold tower's bias for a movie without ratings, moved so that the average user's answer is
     * a quarter the tower's and three quarters the content mean rating; every user's answer moves
     * by the same amount, so the tower still says who will like the movie more and the content mean
     * where its ratings will centre. The content mean alone measured about as well for the average
     * user on ml-latest-small (docs/benchmarks.md, new movies); the tower's quarter keeps what it
     * knows about people and taste.
     */
    private float calibratedColdBias(float[] vectorsAndBiases, int row, ContentVocabulary.Encoded content) {
        int d = params.dimension();
        float bias = vectorsAndBiases[row + d];
        if (contentMeanRating == null) {
            return bias;
        }
        double tower = globalMean + meanUserBias + bias;
        for (int k = 0; k < d; k++) {
            tower += meanUserVector[k] * vectorsAndBiases[row + k];
        }
        return (float) (bias + (1 - COLD_TOWER_SHARE) * (contentMeanRating.predict(content) - tower));
    }

    /**
     * Predicted rating of a movie that is in no catalog, from its content alone, for a known user, or
     * for the average user when {@code user} is negative. The cold tower puts the movie's bias and
     * vector on the scale of the learned ones, so a movie whose content says little lands near the
     * user's own level.
     */
    public double predictNewItem(int user, ContentVocabulary.Encoded content) {
        return newItem(content).predict(user);
    }

    /** A movie in no catalog, its cold-tower bias and vector computed once: scores many users cheaply. */
    public NewItem newItem(ContentVocabulary.Encoded content) {
        float[] vectorAndBias = coldVectors(new ContentVocabulary.Encoded[] {content});
        vectorAndBias[params.dimension()] = calibratedColdBias(vectorAndBias, 0, content);
        return new NewItem(vectorAndBias);
    }

    /** See {@link #newItem}. */
    public final class NewItem {
        private final float[] vectorAndBias;

        private NewItem(float[] vectorAndBias) {
            this.vectorAndBias = vectorAndBias;
        }

        /** Predicted rating (unclamped) for a user (dense index), or the average user when negative. */
        public double predict(int user) {
            int d = params.dimension();
            float[] vectors = user >= 0 ? userVectors : meanUserVector;
            int offset = user >= 0 ? user * d : 0;
            double score = globalMean + vectorAndBias[d] + (user >= 0 ? userBias[user] : meanUserBias);
            for (int k = 0; k < d; k++) {
                score += vectors[offset + k] * vectorAndBias[k];
            }
            return score;
        }
    }

    /** Cold-tower outputs for the given movies, row-major: {@code dimension} vector values, then the bias. */
    synchronized float[] coldVectors(ContentVocabulary.Encoded[] contents) {
        return forward(coldTower, contents, true);
    }

    /**
     * Item vectors as served, computed once after training or loading: a movie with training ratings
     * gets its id embedding plus its content vector; a movie without any gets the cold tower's
     * output. Also the average user, and which movies borrow item-item scores from content neighbours.
     */
    public void refreshItemVectors() {
        int d = params.dimension();
        synchronized (this) {
            if (servingItemMatrix != null) {
                servingItemMatrix.close();
                servingItemMatrix = null;
            }
        }
        Arrays.fill(meanUserVector, 0);
        double biasSum = 0;
        for (int u = 0; u < userIds.length; u++) {
            biasSum += userBias[u];
            for (int k = 0; k < d; k++) {
                meanUserVector[k] += userVectors[u * d + k] / userIds.length;
            }
        }
        meanUserBias = userIds.length == 0 ? 0 : (float) (biasSum / userIds.length);
        int chunk = 4096;
        for (int start = 0; start < itemIds.length; start += chunk) {
            int end = Math.min(itemIds.length, start + chunk);
            ContentVocabulary.Encoded[] slice = Arrays.copyOfRange(itemContent, start, end);
            float[] content = contentVectors(slice);
            float[] cold = coldVectors(slice);
            for (int i = start; i < end; i++) {
                int row = (i - start) * (d + 1);
                boolean warm = ratingCounts == null || ratingCounts[i] > 0;
                for (int k = 0; k < d; k++) {
                    servingItemVectors[i * d + k] = warm ? itemVectors[i * d + k] + content[row + k] : cold[row + k];
                }
                servingItemBias[i] = warm ? itemBias[i] + content[row + d] : calibratedColdBias(cold, row, itemContent[i]);
            }
        }
        neighbourRow = new int[itemIds.length];
        Arrays.fill(neighbourRow, -1);
        if (itemItem != null) {
            int row = 0;
            for (int i = 0; i < itemIds.length; i++) {
                if (!itemItem.models(i)) {
                    neighbourRow[i] = row++;
                }
            }
        }
        neighbourSlots = new int[contentNeighbours.length];
        for (int n = 0; n < contentNeighbours.length && itemItem != null; n++) {
            neighbourSlots[n] = itemItem.slot(contentNeighbours[n]);
        }
    }

    /** The movies each user rated and liked in training; sets the per-movie rating counts too. */
    void setHistories(UserHistories trainingHistories, UserHistories liked) {
        histories = trainingHistories;
        likedHistories = liked;
        ratingCounts = trainingHistories.itemCounts(itemIds.length);
    }

    UserHistories histories() {
        return histories;
    }

    UserHistories likedHistories() {
        return likedHistories;
    }

    /** Training ratings per movie; null before {@link #setHistories}. */
    int[] itemRatingCounts() {
        return ratingCounts;
    }

    /**
     * For every movie the item-item head does not model, its {@link #NEIGHBOURS} most similar modelled
     * movies by the cosine of their content-only (cold tower) vectors. Computed once after training.
     */
    void linkContentNeighbours() {
        if (itemItem == null) {
            contentNeighbours = new int[0];
            return;
        }
        int d = params.dimension();
        float[] cold = new float[itemIds.length * (d + 1)];
        int chunk = 4096;
        for (int start = 0; start < itemIds.length; start += chunk) {
            int end = Math.min(itemIds.length, start + chunk);
            float[] part = coldVectors(Arrays.copyOfRange(itemContent, start, end));
            System.arraycopy(part, 0, cold, start * (d + 1), part.length);
        }
        // Unit vectors, so that a matrix product of two blocks gives their cosines.
        float[] unit = new float[itemIds.length * d];
        for (int i = 0; i < itemIds.length; i++) {
            double sum = 0;
            for (int k = 0; k < d; k++) {
                sum += cold[i * (d + 1) + k] * cold[i * (d + 1) + k];
            }
            float norm = (float) Math.max(1e-9, Math.sqrt(sum));
            for (int k = 0; k < d; k++) {
                unit[i * d + k] = cold[i * (d + 1) + k] / norm;
            }
        }
        int[] modelled = itemItem.items();
        int[] unmodelled = java.util.stream.IntStream.range(0, itemIds.length).filter(i -> !itemItem.models(i)).toArray();
        float[] modelledUnit = new float[modelled.length * d];
        for (int s = 0; s < modelled.length; s++) {
            System.arraycopy(unit, modelled[s] * d, modelledUnit, s * d, d);
        }
        contentNeighbours = new int[unmodelled.length * NEIGHBOURS];
        float[] similarity = new float[modelled.length];
        int[] top = new int[NEIGHBOURS];
        // Blocks of unmodelled movies against all modelled ones: one matrix product each (ml-25m: 56k × 6k).
        int block = 1024;
        try (NDManager scope = manager.newSubManager()) {
            NDArray modelledMatrix = scope.create(modelledUnit, new Shape(modelled.length, d)).transpose();
            float[] blockUnit = new float[block * d];
            float[] blockSimilarity = new float[block * modelled.length];
            for (int first = 0; first < unmodelled.length; first += block) {
                int rows = Math.min(block, unmodelled.length - first);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(unit, unmodelled[first + r] * d, blockUnit, r * d, d);
                }
                try (NDManager step = scope.newSubManager()) {
                    step.create(Arrays.copyOf(blockUnit, rows * d), new Shape(rows, d)).matMul(modelledMatrix)
                            .toByteBuffer().asFloatBuffer().get(blockSimilarity, 0, rows * modelled.length);
                }
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(blockSimilarity, r * modelled.length, similarity, 0, modelled.length);
                    int found = dev.recsys.model.TopK.select(similarity, top);
                    int row = first + r;
                    for (int n = 0; n < NEIGHBOURS; n++) {
                        contentNeighbours[row * NEIGHBOURS + n] = modelled[top[Math.min(n, found - 1)]];
                    }
                }
            }
        }
    }

    /** A copy of the served item vectors (row-major, {@code itemCount × dimension}). */
    public float[] servingItemVectors() {
        return servingItemVectors.clone();
    }

    /** Content tower outputs for the given movies, row-major: {@code dimension} vector values, then the content bias. */
    synchronized float[] contentVectors(ContentVocabulary.Encoded[] contents) {
        return forward(contentTower, contents, false);
    }

    private float[] forward(Block tower, ContentVocabulary.Encoded[] contents, boolean cold) {
        float[] input = new float[contents.length * params.contentInput()];
        for (int i = 0; i < contents.length; i++) {
            if (cold) {
                writeColdInput(contents[i], input, i * params.contentInput());
            } else {
                writeContentInput(contents[i], input, i * params.contentInput());
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = scope.create(input, new Shape(contents.length, params.contentInput()));
            NDArray c = tower.forward(new ParameterStore(scope, false), new NDList(z), false).singletonOrThrow();
            return c.toFloatArray();
        }
    }

    /**
     * The content tower's input: mean genre, title-word and person embeddings, then the numbers
     * except the year (in artifacts from before format 5, with it). Measured: with the year the
     * rating head fits the years of the training period and predicts the next ratings worse
     * (temporal split of ml-latest-small, RMSE 0.871 with it, 0.852 without; docs/benchmarks.md).
     */
    void writeContentInput(ContentVocabulary.Encoded content, float[] input, int offset) {
        writeEveryField(content, input, offset);
        if (!contentTowerReadsYear) {
            input[offset + 3 * params.contentDimension() + ContentVocabulary.YEAR] = 0;
        }
    }

    /**
     * The cold tower's input: every field but the title words, year included (it carries the
     * cold path: per-rating cold RMSE 0.896 with it, 0.912 without on the temporal split). Measured:
     * with title words the tower learns rated movies by their titles and predicts new ones worse
     * (cold-movie RMSE 0.965 with words, 0.901 without, on ml-latest-small: docs/benchmarks.md).
     */
    void writeColdInput(ContentVocabulary.Encoded content, float[] input, int offset) {
        writeEveryField(content, input, offset);
        Arrays.fill(input, offset + params.contentDimension(), offset + 2 * params.contentDimension(), 0);
    }

    /** Mean genre, word and person embeddings, then the normalised numbers. */
    private void writeEveryField(ContentVocabulary.Encoded content, float[] input, int offset) {
        int k = params.contentDimension();
        meanOf(genreEmbeddings, content.genres(), k, input, offset);
        meanOf(wordEmbeddings, content.words(), k, input, offset + k);
        meanOf(personEmbeddings, content.people(), k, input, offset + 2 * k);
        for (int f = 0; f < ContentVocabulary.NUMERIC_FEATURES; f++) {
            input[offset + 3 * k + f] = NUMERIC_SCALE * content.numeric()[f];
        }
    }

    private static void meanOf(float[] table, int[] rows, int k, float[] out, int offset) {
        Arrays.fill(out, offset, offset + k, 0);
        if (rows.length == 0) {
            return;
        }
        float scale = 1f / rows.length;
        for (int row : rows) {
            for (int j = 0; j < k; j++) {
                out[offset + j] += table[row * k + j] * scale;
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
