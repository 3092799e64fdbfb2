package dev.recsys.model.hybrid;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.data.UserHistories;
import dev.recsys.model.implicit.EaseModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a {@link HybridModel} on the training ratings of a split. Each step takes a batch of
 * ratings and, for each, a random movie the user did not choose: the rating loss (squared error of
 * the predicted rating) teaches accuracy, the ranking loss ({@code -log σ(score(u, rated) -
 * score(u, random))}) teaches which movies a user chooses, so top-N is good too. Gradients of the
 * embedding tables are computed in Java and applied row-sparsely; the content tower's gradient
 * comes from DJL autograd, seeded with the gradient of its outputs.
 */
public final class HybridTrainer {

    /** Progress callbacks, called on the training thread. */
    public interface Listener {
        /** Hears nothing: for callers that only want the model. */
        Listener NONE = new Listener() {
            @Override
            public void onProgress(int epoch, long samplesDone, long samplesTotal, double samplesPerSecond) {
            }

            @Override
            public void onEpoch(int epoch, double trainLoss, double seconds, HybridModel model) {
            }
        };

        void onProgress(int epoch, long samplesDone, long samplesTotal, double samplesPerSecond);

        /** After each epoch, with the item vectors refreshed: {@code model} may be evaluated here. */
        void onEpoch(int epoch, double trainLoss, double seconds, HybridModel model);

        /** Asked after each epoch: true ends the rating head's training early (see {@link EarlyStopping}). */
        default boolean stopAfterEpoch() {
            return false;
        }

        /** A listener that reports progress through {@code progress} and hands each epoch to {@code epochs}. */
        static Listener of(Listener progress, EpochObserver epochs) {
            return new Listener() {
                private boolean stop;

                @Override
                public void onProgress(int epoch, long done, long total, double rate) {
                    progress.onProgress(epoch, done, total, rate);
                }

                @Override
                public void onEpoch(int epoch, double trainLoss, double seconds, HybridModel model) {
                    stop = epochs.onEpoch(epoch, trainLoss, seconds, model);
                }

                @Override
                public boolean stopAfterEpoch() {
                    return stop;
                }
            };
        }
    }

    /** Sees each epoch's evaluated model; returns true to stop training there. */
    @FunctionalInterface
    public interface EpochObserver {
        boolean onEpoch(int epoch, double trainLoss, double seconds, HybridModel model);
    }

    /** Training diverged (NaN or infinite loss); the message says when. */
    public static final class DivergedException extends RuntimeException {
        DivergedException(String message) {
            super(message);
        }
    }

    private HybridTrainer() {
    }

    /** Up to this many training ratings the rating head is an ensemble of {@link #ENSEMBLE_MEMBERS} fits. */
    public static final int ENSEMBLE_MAX_RATINGS = 1_000_000;
    public static final int ENSEMBLE_MEMBERS = 3;

    /**
     * How many independently seeded rating heads a fit on {@code trainingRatings} ratings averages:
     * {@value #ENSEMBLE_MEMBERS} up to {@value #ENSEMBLE_MAX_RATINGS} ratings, where a fit takes
     * seconds, else one. Averaging removes the fits' own noise: on ml-latest-small test RMSE 0.826 →
     * 0.808, 0.847 → 0.830 and 0.863 → 0.854 on three splits (docs/benchmarks.md).
     */
    public static int membersFor(int trainingRatings) {
        return trainingRatings <= ENSEMBLE_MAX_RATINGS ? ENSEMBLE_MEMBERS : 1;
    }

    /**
     * The whole model: the rating head ({@link #membersFor} seeded fits, averaged; {@code listener}
     * hears every member's progress and the first member's epochs), then the cold tower and the
     * item-item head.
     */
    public static HybridModel train(RatingData data, int[] train, ContentVocabulary vocabulary,
                                    ContentVocabulary.Encoded[] itemContent, ModelParams params, Listener listener) {
        int members = membersFor(train.length);
        HybridModel model = trainRatingHead(data, train, vocabulary, itemContent, params, listener);
        if (members > 1) {
            HybridModel[] fits = new HybridModel[members];
            fits[0] = model;
            try {
                Listener progressOnly = Listener.of(listener, (epoch, loss, seconds, trained) -> false);
                for (int m = 1; m < members; m++) {
                    fits[m] = trainRatingHead(data, train, vocabulary, itemContent, params.withSeed(params.seed() + m),
                            progressOnly);
                }
                model = HybridModel.average(fits);
            } finally {
                for (HybridModel fit : fits) {
                    if (fit != null) {
                        fit.close();
                    }
                }
            }
        }
        try {
            completeHeads(model, data, train);
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** The rating head alone (epochs of rating + pairwise loss), with the training histories; no cold tower or item-item head yet. */
    static HybridModel trainRatingHead(RatingData data, int[] train, ContentVocabulary vocabulary,
                                       ContentVocabulary.Encoded[] itemContent, ModelParams params, Listener listener) {
        if (train.length == 0) {
            throw new IllegalArgumentException("there are no training ratings");
        }
        Engine.getInstance().setRandomSeed((int) params.seed());
        int[] userIds = new int[data.userCount()];
        int[] itemIds = new int[data.itemCount()];
        Arrays.setAll(userIds, data::userId);
        Arrays.setAll(itemIds, data::itemId);
        double mean = 0;
        for (int r : train) {
            mean += data.rating(r);
        }
        HybridModel model = HybridModel.initialise(params.withBatchSize(params.batchSizeFor(train.length)), vocabulary,
                userIds, itemIds, itemContent,
                (float) (mean / train.length), NDManager.newBaseManager());
        try {
            model.setHistories(UserHistories.of(data, train), UserHistories.liked(data, train));
            Run run = new Run(model, data, train, listener);
            try (TorchThreads threads = TorchThreads.single()) {
                run.epochs();
            } finally {
                run.close();
            }
            model.refreshItemVectors();
            return model;
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** After the rating head: the cold tower, the item-item head (graded targets, the params' λ), content neighbours. */
    static void completeHeads(HybridModel model, RatingData data, int[] train) {
        int itemCount = data.itemCount();
        model.contentMeanRating = ContentMeanRating.fit(genreMeanRatings(model, data, train), model.globalMean,
                model.itemContent, model.vocabulary.crew(), data, train);
        fitColdTower(model, data, train);
        model.itemItem = EaseModel.fit(model.histories(), UserHistories.liked(data, train), itemCount,
                model.params.itemItemLambda(), model.params.itemItemMaxItems(), model.manager);
        model.likeWeight = model.params.likeWeight();
        model.linkContentNeighbours();
        model.refreshItemVectors();
    }

    /** Mean rating of each genre over the training ratings (per rating, like the genre-mean baseline); NaN when none. */
    static float[] genreMeanRatings(HybridModel model, RatingData data, int[] train) {
        int genres = model.vocabulary.genreCount();
        double[] sum = new double[genres];
        long[] count = new long[genres];
        for (int r : train) {
            for (int g : model.itemContent[data.item(r)].genres()) {
                if (g < genres) {
                    sum[g] += data.rating(r);
                    count[g]++;
                }
            }
        }
        float[] means = new float[genres];
        for (int g = 0; g < genres; g++) {
            means[g] = count[g] == 0 ? Float.NaN : (float) (sum[g] / count[g]);
        }
        return means;
    }

    private static final int COLD_EPOCHS = 3;
    private static final int COLD_BATCH = 2048;
    private static final float COLD_LEARNING_RATE = 0.005f;
    /** The cold tower learns from at most this many ratings (a seeded random sample): more adds time, not accuracy. */
    private static final int COLD_MAX_RATINGS = 2_000_000;

    /**
     * Trains the cold tower on the training ratings themselves, with every user's bias and vector
     * fixed: it learns the bias and vector from content alone that best predict how each user rated
     * the movie. So a new movie's prediction lives on the same scale as a rated one's, and content
     * that says nothing lands on the user's own level (docs/architecture.md, cold tower).
     */
    static void fitColdTower(HybridModel model, RatingData data, int[] train) {
        int d = model.params.dimension();
        int in = model.params.contentInput();
        Optimizer optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(COLD_LEARNING_RATE)).build();
        SplittableRandom random = new SplittableRandom(model.params.seed() + 7);
        int[] order = sample(train, COLD_MAX_RATINGS, random);
        int[] slotOfItem = new int[data.itemCount()];
        Arrays.fill(slotOfItem, -1);
        int[] slotItems = new int[COLD_BATCH];
        float[] outputGrad = new float[COLD_BATCH * (d + 1)];
        for (int epoch = 0; epoch < COLD_EPOCHS; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < order.length; start += COLD_BATCH) {
                int end = Math.min(order.length, start + COLD_BATCH);
                int items = 0;
                for (int k = start; k < end; k++) {
                    int item = data.item(order[k]);
                    if (slotOfItem[item] < 0) {
                        slotOfItem[item] = items;
                        slotItems[items++] = item;
                    }
                }
                float[] input = new float[items * in];
                for (int s = 0; s < items; s++) {
                    model.writeColdInput(model.itemContent[slotItems[s]], input, s * in);
                }
                Arrays.fill(outputGrad, 0, items * (d + 1), 0);
                try (NDManager scope = model.manager.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray x = scope.create(input, new Shape(items, in));
                    NDArray out = model.coldTower.forward(new ParameterStore(scope, false), new NDList(x), true)
                            .singletonOrThrow();
                    float[] q = out.toFloatArray();
                    float scale = 2f / (end - start);
                    for (int k = start; k < end; k++) {
                        int r = order[k];
                        int u = data.user(r);
                        int row = slotOfItem[data.item(r)] * (d + 1);
                        float predicted = model.globalMean + model.userBias[u] + q[row + d];
                        for (int x2 = 0; x2 < d; x2++) {
                            predicted += model.userVectors[u * d + x2] * q[row + x2];
                        }
                        float error = (predicted - data.rating(r)) * scale;
                        outputGrad[row + d] += error;
                        for (int x2 = 0; x2 < d; x2++) {
                            outputGrad[row + x2] += error * model.userVectors[u * d + x2];
                        }
                    }
                    NDArray seed = scope.create(Arrays.copyOf(outputGrad, items * (d + 1)), new Shape(items, d + 1));
                    collector.backward(out.mul(seed).sum());
                    updateTower(model.coldTower, optimizer);
                }
                for (int s = 0; s < items; s++) {
                    slotOfItem[slotItems[s]] = -1;
                }
            }
        }
    }

    /** A random {@code max} of the ratings (a copy), or all of them (a copy) when they fit. */
    private static int[] sample(int[] ratings, int max, SplittableRandom random) {
        int[] copy = ratings.clone();
        if (copy.length <= max) {
            return copy;
        }
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return Arrays.copyOf(copy, max);
    }

    /** One optimizer step on every parameter of a tower, after a backward pass. */
    private static void updateTower(Block tower, Optimizer optimizer) {
        for (Pair<String, Parameter> parameter : tower.getParameters()) {
            NDArray weight = parameter.getValue().getArray();
            NDArray gradient = weight.getGradient();
            optimizer.update(parameter.getValue().getId(), weight, gradient);
            // PyTorch accumulates gradients across backward passes: clear them for the next step.
            gradient.subi(gradient);
        }
    }

    /**
     * Gradients of one content embedding table summed over a batch, so that each touched row gets
     * one Adam step per batch (a genre appears in hundreds of a batch's movies).
     */
    private static final class RowGradients {
        private final float[] table;
        private final int k;
        private final float regularization;
        private final SparseAdam adam;
        private final int[] slotOfRow;
        private int[] rows = new int[256];
        private float[] sums = new float[256 * 16];
        private int count;

        RowGradients(float[] table, int k, float regularization) {
            this.table = table;
            this.k = k;
            this.regularization = regularization;
            this.adam = new SparseAdam(table.length);
            this.slotOfRow = new int[table.length / k];
            Arrays.fill(slotOfRow, -1);
            sums = new float[rows.length * k];
        }

        /** Adds a movie's share of the input gradient: the tower saw the mean of these rows. */
        void add(int[] movieRows, float[] inputGrad, int offset) {
            if (movieRows.length == 0) {
                return;
            }
            float share = 1f / movieRows.length;
            for (int row : movieRows) {
                int slot = slotOfRow[row];
                if (slot < 0) {
                    if (count == rows.length) {
                        rows = Arrays.copyOf(rows, count * 2);
                        sums = Arrays.copyOf(sums, count * 2 * k);
                    }
                    slot = count++;
                    slotOfRow[row] = slot;
                    rows[slot] = row;
                    Arrays.fill(sums, slot * k, slot * k + k, 0);
                }
                for (int x = 0; x < k; x++) {
                    sums[slot * k + x] += inputGrad[offset + x] * share;
                }
            }
        }

        void apply(float stepSize) {
            for (int slot = 0; slot < count; slot++) {
                int row = rows[slot];
                for (int x = 0; x < k; x++) {
                    sums[slot * k + x] += regularization * table[row * k + x];
                }
                adam.update(table, row * k, sums, slot * k, k, stepSize);
                slotOfRow[row] = -1;
            }
            count = 0;
        }
    }

    /**
     * Gradient sums of one batch, indexed by slot (a user's or movie's position among the batch's
     * distinct ones). Each of the two threads of a step fills its own; they are added before the update.
     */
    private static final class BatchGradients {
        final float[] user;
        final float[] userBias;
        final float[] item;
        final float[] itemBias;
        final float[] choiceBias;
        final float[] content;
        final float[] q;
        final float[] qNegative;
        double loss;

        BatchGradients(int batchSize, int d) {
            user = new float[batchSize * d];
            userBias = new float[batchSize];
            item = new float[2 * batchSize * d];
            itemBias = new float[2 * batchSize];
            choiceBias = new float[2 * batchSize];
            content = new float[2 * batchSize * (d + 1)];
            q = new float[d];
            qNegative = new float[d];
        }

        void clear(int users, int items, int d) {
            Arrays.fill(user, 0, users * d, 0);
            Arrays.fill(userBias, 0, users, 0);
            Arrays.fill(item, 0, items * d, 0);
            Arrays.fill(itemBias, 0, items, 0);
            Arrays.fill(choiceBias, 0, items, 0);
            Arrays.fill(content, 0, items * (d + 1), 0);
            loss = 0;
        }

        /** Adds {@code other}'s sums into these. */
        void add(BatchGradients other, int users, int items, int d) {
            addInto(user, other.user, users * d);
            addInto(userBias, other.userBias, users);
            addInto(item, other.item, items * d);
            addInto(itemBias, other.itemBias, items);
            addInto(choiceBias, other.choiceBias, items);
            addInto(content, other.content, items * (d + 1));
            loss += other.loss;
        }

        private static void addInto(float[] into, float[] from, int length) {
            for (int x = 0; x < length; x++) {
                into[x] += from[x];
            }
        }
    }

    /** The state of one training run: optimizer moments and per-batch scratch space. */
    private static final class Run {
        private final HybridModel model;
        private final RatingData data;
        private final int[] train;
        private final Listener listener;
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
        private final Optimizer towerOptimizer;
        private final SplittableRandom random;
        /** The second core: half of each step's work runs here; null on a one-core machine. */
        private final ExecutorService helper;
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

        Run(HybridModel model, RatingData data, int[] train, Listener listener) {
            this.model = model;
            this.data = data;
            this.train = train;
            this.listener = listener;
            this.params = model.params;
            this.d = params.dimension();
            this.k = params.contentDimension();
            this.in = params.contentInput();
            float lr = params.learningRate();
            userVectorAdam = new SparseAdam(model.userVectors.length);
            userBiasAdam = new SparseAdam(model.userBias.length);
            itemVectorAdam = new SparseAdam(model.itemVectors.length);
            itemBiasAdam = new SparseAdam(model.itemBias.length);
            choiceBiasAdam = new SparseAdam(model.choiceBias.length);
            genreGrads = new RowGradients(model.genreEmbeddings, k, params.regularization());
            wordGrads = new RowGradients(model.wordEmbeddings, k, params.regularization());
            personGrads = new RowGradients(model.personEmbeddings, k, params.regularization());
            towerOptimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build();
            random = new SplittableRandom(params.seed());
            helper = Runtime.getRuntime().availableProcessors() > 1 ? Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "trainer-helper");
                thread.setDaemon(true);
                return thread;
            }) : null;
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

        void close() {
            if (helper != null) {
                helper.shutdownNow();
            }
        }

        void epochs() {
            int[] order = train.clone();
            long total = (long) order.length * params.epochs();
            long done = 0;
            long started = System.nanoTime();
            long lastReport = 0;
            for (int epoch = 1; epoch <= params.epochs(); epoch++) {
                long epochStarted = System.nanoTime();
                shuffle(order);
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
                    throw new DivergedException("training diverged in epoch " + epoch + " (loss " + meanLoss
                            + "); try a lower learning rate");
                }
                double seconds = (System.nanoTime() - epochStarted) / 1e9;
                model.refreshItemVectors();
                listener.onEpoch(epoch, meanLoss, seconds, model);
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
            inParallel(() -> writeContentInputs(input, 0, halfItems), () -> writeContentInputs(input, halfItems, batchItems));
            float[] inputGrad;
            try (NDManager scope = model.manager.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray z = scope.create(input, new Shape(items, in));
                z.setRequiresGradient(true);
                NDArray c = model.contentTower.forward(new ParameterStore(scope, false), new NDList(z), true)
                        .singletonOrThrow();
                float[] content = c.toFloatArray();
                int half = batch / 2;
                inParallel(() -> samples(order, start, 0, half, content, gradients),
                        () -> samples(order, start, half, batch, content, helperGradients));
                gradients.add(helperGradients, users, items, d);
                NDArray seed = scope.create(Arrays.copyOf(gradients.content, items * (d + 1)), new Shape(items, d + 1));
                collector.backward(c.mul(seed).sum());
                inputGrad = z.getGradient().toFloatArray();
                updateTower(model.contentTower, towerOptimizer);
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
                model.writeContentInput(model.itemContent[slotItems[s]], input, s * in);
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
            float[] p = model.userVectors;
            float[] q = g.q;
            float[] qNegative = g.qNegative;
            int pu = u * d;
            float dotI = 0;
            float dotJ = 0;
            int ci = si * (d + 1);
            int cj = sj * (d + 1);
            for (int x = 0; x < d; x++) {
                q[x] = (keepI ? model.itemVectors[i * d + x] : 0) + content[ci + x];
                qNegative[x] = (keepJ ? model.itemVectors[negative * d + x] : 0) + content[cj + x];
                dotI += p[pu + x] * q[x];
                dotJ += p[pu + x] * qNegative[x];
            }
            float itemBias = model.itemBias[i] + content[ci + d];
            float predicted = model.globalMean + model.userBias[u] + itemBias + dotI;
            float error = predicted - data.rating(r);
            // Ranking: the rated movie should score above the random one.
            float margin = model.choiceBias[i] - model.choiceBias[negative] + dotI - dotJ;
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
            inParallel(() -> {
                updateUsers(users, stepSize);
                updateContentRows(genreGrads, ContentVocabulary.Encoded::genres, items, inputGrad, 0, stepSize);
                updateContentRows(wordGrads, ContentVocabulary.Encoded::words, items, inputGrad, k, stepSize);
            }, () -> {
                updateItems(items, stepSize);
                updateContentRows(personGrads, ContentVocabulary.Encoded::people, items, inputGrad, 2 * k, stepSize);
            });
        }

        private void updateUsers(int users, float stepSize) {
            float reg = params.regularization();
            for (int s = 0; s < users; s++) {
                int u = slotUsers[s];
                for (int x = 0; x < d; x++) {
                    gradients.user[s * d + x] += reg * model.userVectors[u * d + x];
                }
                userVectorAdam.update(model.userVectors, u * d, gradients.user, s * d, d, stepSize);
                gradients.userBias[s] += reg * model.userBias[u];
                userBiasAdam.update(model.userBias, u, gradients.userBias, s, 1, stepSize);
            }
        }

        /** The tower input was the mean of each group's embeddings: each member gets its share, then one step per row. */
        private void updateContentRows(RowGradients table, java.util.function.Function<ContentVocabulary.Encoded, int[]> rows,
                                       int items, float[] inputGrad, int inputOffset, float stepSize) {
            for (int s = 0; s < items; s++) {
                table.add(rows.apply(model.itemContent[slotItems[s]]), inputGrad, s * in + inputOffset);
            }
            table.apply(stepSize);
        }

        private void updateItems(int items, float stepSize) {
            float reg = params.regularization();
            for (int s = 0; s < items; s++) {
                int i = slotItems[s];
                for (int x = 0; x < d; x++) {
                    gradients.item[s * d + x] += reg * model.itemVectors[i * d + x];
                }
                itemVectorAdam.update(model.itemVectors, i * d, gradients.item, s * d, d, stepSize);
                gradients.itemBias[s] += reg * model.itemBias[i];
                itemBiasAdam.update(model.itemBias, i, gradients.itemBias, s, 1, stepSize);
                choiceBiasAdam.update(model.choiceBias, i, gradients.choiceBias, s, 1, stepSize);
            }
        }

        /** Runs {@code mine} here and {@code helpers} on the helper thread (or here after it, on one core); returns when both are done. */
        private void inParallel(Runnable mine, Runnable helpers) {
            if (helper == null) {
                mine.run();
                helpers.run();
                return;
            }
            Future<?> other = helper.submit(helpers);
            try {
                mine.run();
            } finally {
                await(other);
            }
        }

        private static void await(Future<?> task) {
            try {
                task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training was interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
        }

        private void shuffle(int[] order) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }
}
