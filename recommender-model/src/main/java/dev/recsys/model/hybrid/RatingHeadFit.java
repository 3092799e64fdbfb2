package dev.recsys.model.hybrid;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.data.UserHistories;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Fits the rating head: epochs of batches where each rating comes with a random movie the user did
 * not choose. The rating loss (squared error of the predicted rating) teaches accuracy, the ranking
 * loss ({@code -log σ(score(u, rated) - score(u, random))}) teaches which movies a user chooses, so
 * top-N is good too. Gradients of the embedding tables are computed in Java and applied row-sparsely
 * ({@link SparseAdam}); the content tower's gradient comes from DJL autograd, seeded with the gradient
 * of its outputs. Half of each step runs on a second thread where there is a second core.
 */
final class RatingHeadFit {

    /** Fits new tables on {@code train}: the rating head and the training histories, no other head yet. */
    static ModelTables fit(RatingData data, int[] train, ContentVocabulary vocabulary,
                           ContentVocabulary.Encoded[] movieContent, ModelParams params, HybridTrainer.Listener listener) {
        if (train.length == 0) {
            throw new IllegalArgumentException("there are no training ratings");
        }
        Engine.getInstance().setRandomSeed((int) params.seed());
        int[] userIds = new int[data.userCount()];
        int[] movieIds = new int[data.itemCount()];
        Arrays.setAll(userIds, data::userId);
        Arrays.setAll(movieIds, data::itemId);
        double mean = 0;
        for (int r : train) {
            mean += data.rating(r);
        }
        ModelTables tables = ModelTables.initialise(params.withBatchSize(params.batchSizeFor(train.length)), vocabulary,
                userIds, movieIds, movieContent, (float) (mean / train.length), NDManager.newBaseManager());
        try {
            tables.setHistories(UserHistories.of(data, train), UserHistories.liked(data, train));
            RatingHeadFit fit = new RatingHeadFit(tables, data, train, listener);
            try (TorchThreads threads = TorchThreads.single(); SecondCore core = fit.secondCore) {
                fit.epochs();
            }
            return tables;
        } catch (RuntimeException | Error e) {
            tables.close();
            throw e;
        }
    }

    private final ModelTables tables;
    private final RatingData data;
    private final int[] train;
    private final HybridTrainer.Listener listener;
    private final ModelParams params;
    private final int d;
    private final int k;
    private final int in;
    private final SparseAdam userVectorAdam;
    private final SparseAdam userBiasAdam;
    private final SparseAdam itemVectorAdam;
    private final SparseAdam itemBiasAdam;
    private final SparseAdam choiceBiasAdam;
    private final RowGradients genreGrads;
    private final RowGradients wordGrads;
    private final RowGradients personGrads;
    private final TowerOptimizer towerOptimizer;
    private final SplittableRandom random;
    private final SecondCore secondCore;
    // Scratch, indexed by slot (position of a user or item among the batch's distinct ones).
    private final int[] userSlot;
    private final int[] itemSlot;
    private final int[] slotUsers;
    private final int[] slotItems;
    private final int[] negatives;
    private final boolean[] keepRated;
    private final boolean[] keepNegative;
    /** The main thread's gradient sums (and, after a step's merge, the batch's). */
    private final BatchGradients gradients;
    /** The helper thread's, for the second half of each batch. */
    private final BatchGradients helperGradients;
    private long step;

    private RatingHeadFit(ModelTables tables, RatingData data, int[] train, HybridTrainer.Listener listener) {
        this.tables = tables;
        this.data = data;
        this.train = train;
        this.listener = listener;
        this.params = tables.params;
        this.d = params.dimension();
        this.k = params.contentDimension();
        this.in = tables.encoder.contentInputWidth;
        float lr = params.learningRate();
        userVectorAdam = new SparseAdam(tables.userVectors.length);
        userBiasAdam = new SparseAdam(tables.userBias.length);
        itemVectorAdam = new SparseAdam(tables.movieVectors.length);
        itemBiasAdam = new SparseAdam(tables.movieBias.length);
        choiceBiasAdam = new SparseAdam(tables.choiceBias.length);
        genreGrads = new RowGradients(tables.encoder.genreEmbeddings, k, params.regularization());
        wordGrads = new RowGradients(tables.encoder.wordEmbeddings, k, params.regularization());
        personGrads = new RowGradients(tables.encoder.personEmbeddings, k, params.regularization());
        towerOptimizer = new TowerOptimizer(tables.encoder.contentTower, lr);
        random = new SplittableRandom(params.seed());
        secondCore = new SecondCore();
        userSlot = new int[data.userCount()];
        itemSlot = new int[data.itemCount()];
        Arrays.fill(userSlot, -1);
        Arrays.fill(itemSlot, -1);
        int b = params.batchSize();
        slotUsers = new int[b];
        slotItems = new int[2 * b];
        negatives = new int[b];
        keepRated = new boolean[b];
        keepNegative = new boolean[b];
        gradients = new BatchGradients(b, d);
        helperGradients = new BatchGradients(b, d);
    }

    void epochs() {
        int[] order = train.clone();
        long total = (long) order.length * params.epochs();
        long done = 0;
        long started = System.nanoTime();
        long lastReport = 0;
        for (int epoch = 1; epoch <= params.epochs(); epoch++) {
            long epochStarted = System.nanoTime();
            shuffle(order, random);
            double loss = 0;
            for (int start = 0; start < order.length; start += params.batchSize()) {
                int end = Math.min(order.length, start + params.batchSize());
                loss += step(order, start, end);
                done += end - start;
                long now = System.nanoTime();
                if (now - lastReport > 500_000_000L) {
                    listener.onProgress(epoch, done, total, done / ((now - started) / 1e9));
                    lastReport = now;
                }
            }
            double meanLoss = loss / order.length;
            if (!Double.isFinite(meanLoss)) {
                throw new HybridTrainer.DivergedException("training diverged in epoch " + epoch + " (loss " + meanLoss
                        + "); try a lower learning rate");
            }
            double seconds = (System.nanoTime() - epochStarted) / 1e9;
            try (HybridModel model = tables.borrow(ItemItemHead.NONE)) {
                listener.onEpoch(epoch, meanLoss, seconds, model);
            }
            if (listener.stopAfterEpoch()) {
                break;
            }
        }
        listener.onProgress(params.epochs(), done, total, done / ((System.nanoTime() - started) / 1e9));
    }

    /**
     * One batch; returns the summed loss. The random draws (negatives, id dropout) happen first, in
     * batch order, so the two threads' halves give the same result on one core or two.
     */
    private double step(int[] order, int start, int end) {
        step++;
        int users = 0;
        int items = 0;
        int batch = end - start;
        for (int b = 0; b < batch; b++) {
            int r = order[start + b];
            int u = data.user(r);
            if (userSlot[u] < 0) {
                userSlot[u] = users;
                slotUsers[users++] = u;
            }
            int i = data.item(r);
            if (itemSlot[i] < 0) {
                itemSlot[i] = items;
                slotItems[items++] = i;
            }
            int j = random.nextInt(data.itemCount());
            negatives[b] = j;
            if (itemSlot[j] < 0) {
                itemSlot[j] = items;
                slotItems[items++] = j;
            }
        }
        for (int b = 0; b < batch; b++) {
            keepRated[b] = random.nextFloat() >= params.idDropout();
            keepNegative[b] = random.nextFloat() >= params.idDropout();
        }
        int batchUsers = users;
        int batchItems = items;
        gradients.clear(users, items, d);
        helperGradients.clear(users, items, d);

        float[] input = new float[items * in];
        int halfItems = items / 2;
        secondCore.inParallel(() -> writeContentInputs(input, 0, halfItems), () -> writeContentInputs(input, halfItems, batchItems));
        float[] inputGrad;
        try (NDManager scope = tables.manager.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray z = scope.create(input, new Shape(items, in));
            z.setRequiresGradient(true);
            NDArray c = tables.encoder.contentTower.forward(new ParameterStore(scope, false), new NDList(z), true)
                    .singletonOrThrow();
            float[] content = c.toFloatArray();
            int half = batch / 2;
            secondCore.inParallel(() -> samples(order, start, 0, half, content, gradients),
                    () -> samples(order, start, half, batch, content, helperGradients));
            gradients.add(helperGradients, users, items, d);
            NDArray seed = scope.create(Arrays.copyOf(gradients.content, items * (d + 1)), new Shape(items, d + 1));
            collector.backward(c.mul(seed).sum());
            inputGrad = z.getGradient().toFloatArray();
            towerOptimizer.step();
        }
        applyUpdates(batchUsers, batchItems, inputGrad);
        for (int s = 0; s < users; s++) {
            userSlot[slotUsers[s]] = -1;
        }
        for (int s = 0; s < items; s++) {
            itemSlot[slotItems[s]] = -1;
        }
        return gradients.loss;
    }

    private void writeContentInputs(float[] input, int fromSlot, int toSlot) {
        for (int s = fromSlot; s < toSlot; s++) {
            tables.encoder.writeContentInput(tables.movieContent[slotItems[s]], input, s * in);
        }
    }

    private void samples(int[] order, int start, int from, int to, float[] content, BatchGradients into) {
        for (int b = from; b < to; b++) {
            into.loss += sample(order[start + b], negatives[b], keepRated[b], keepNegative[b], content, into);
        }
    }

    /** Loss and gradients of one rating and its sampled negative. */
    private double sample(int r, int negative, boolean keepI, boolean keepJ, float[] content, BatchGradients g) {
        int u = data.user(r);
        int i = data.item(r);
        int su = userSlot[u];
        int si = itemSlot[i];
        int sj = itemSlot[negative];
        float[] p = tables.userVectors;
        float[] q = g.q;
        float[] qNegative = g.qNegative;
        int pu = u * d;
        float dotI = 0;
        float dotJ = 0;
        int ci = si * (d + 1);
        int cj = sj * (d + 1);
        for (int x = 0; x < d; x++) {
            q[x] = (keepI ? tables.movieVectors[i * d + x] : 0) + content[ci + x];
            qNegative[x] = (keepJ ? tables.movieVectors[negative * d + x] : 0) + content[cj + x];
            dotI += p[pu + x] * q[x];
            dotJ += p[pu + x] * qNegative[x];
        }
        float itemBias = tables.movieBias[i] + content[ci + d];
        float predicted = tables.globalMean + tables.userBias[u] + itemBias + dotI;
        float error = predicted - data.rating(r);
        // Ranking: the rated movie should score above the random one.
        float margin = tables.choiceBias[i] - tables.choiceBias[negative] + dotI - dotJ;
        float sigmoid = (float) (1 / (1 + Math.exp(-margin)));
        float rankGrad = params.rankingWeight() * (sigmoid - 1);
        double loss = error * error - params.rankingWeight() * Math.log(Math.max(sigmoid, 1e-12));

        float ratingGrad = 2 * error;
        g.userBias[su] += ratingGrad;
        g.itemBias[si] += ratingGrad;
        g.content[ci + d] += ratingGrad;
        g.choiceBias[si] += rankGrad;
        g.choiceBias[sj] -= rankGrad;
        for (int x = 0; x < d; x++) {
            float pux = p[pu + x];
            g.user[su * d + x] += ratingGrad * q[x] + rankGrad * (q[x] - qNegative[x]);
            float gradQi = (ratingGrad + rankGrad) * pux;
            float gradQj = -rankGrad * pux;
            g.content[ci + x] += gradQi;
            g.content[cj + x] += gradQj;
            if (keepI) {
                g.item[si * d + x] += gradQi;
            }
            if (keepJ) {
                g.item[sj * d + x] += gradQj;
            }
        }
        return loss;
    }

    /**
     * Regularisation and one Adam step for every row the batch touched. The helper thread takes
     * the movie rows and the people embeddings while this one takes the users, genres and title
     * words: each writes tables the other does not, so the result does not depend on timing.
     */
    private void applyUpdates(int users, int items, float[] inputGrad) {
        float stepSize = SparseAdam.stepSize(params.learningRate(), step);
        secondCore.inParallel(() -> {
            updateUsers(users, stepSize);
            updateContentRows(genreGrads, ContentVocabulary.Encoded::genres, items, inputGrad, 0, stepSize);
            updateContentRows(wordGrads, ContentVocabulary.Encoded::words, items, inputGrad, k, stepSize);
        }, () -> {
            updateItems(items, stepSize);
            updateContentRows(personGrads, ContentVocabulary.Encoded::people, items, inputGrad, 2 * k, stepSize);
        });
    }

    private void updateUsers(int users, float stepSize) {
        updateRows(slotUsers, users, tables.userVectors, tables.userBias, gradients.user, gradients.userBias,
                userVectorAdam, userBiasAdam, stepSize);
    }

    /** The tower input was the mean of each group's embeddings: each member gets its share, then one step per row. */
    private void updateContentRows(RowGradients table, Function<ContentVocabulary.Encoded, int[]> rows,
                                   int items, float[] inputGrad, int inputOffset, float stepSize) {
        for (int s = 0; s < items; s++) {
            table.add(rows.apply(tables.movieContent[slotItems[s]]), inputGrad, s * in + inputOffset);
        }
        table.apply(stepSize);
    }

    private void updateItems(int items, float stepSize) {
        updateRows(slotItems, items, tables.movieVectors, tables.movieBias, gradients.item, gradients.itemBias,
                itemVectorAdam, itemBiasAdam, stepSize);
        for (int s = 0; s < items; s++) {
            choiceBiasAdam.update(tables.choiceBias, slotItems[s], gradients.choiceBias, s, 1, stepSize);
        }
    }

    /** Regularisation and one Adam step for the vector and the bias of each row (user or movie) the batch touched. */
    private void updateRows(int[] slotRows, int count, float[] vectors, float[] bias, float[] vectorGrads,
                            float[] biasGrads, SparseAdam vectorAdam, SparseAdam biasAdam, float stepSize) {
        float reg = params.regularization();
        for (int s = 0; s < count; s++) {
            int row = slotRows[s];
            for (int x = 0; x < d; x++) {
                vectorGrads[s * d + x] += reg * vectors[row * d + x];
            }
            vectorAdam.update(vectors, row * d, vectorGrads, s * d, d, stepSize);
            biasGrads[s] += reg * bias[row];
            biasAdam.update(bias, row, biasGrads, s, 1, stepSize);
        }
    }

    /** Fisher–Yates, in place. */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
