package dev.recsys.model.hybrid;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.data.UserHistories;

/**
 * Trains a {@link HybridModel} on the training ratings of a split: the rating head
 * ({@link RatingHeadFit}, an ensemble of seeded fits on small data), then the content mean rating,
 * the cold tower ({@link ColdTowerFit}) and the item-item head ({@link ItemItemHead}), each fitted
 * into the trainer's {@link ModelTables}, which become the closed model at the end.
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

        /**
         * After each epoch, with the rating head as it is then: {@code model} may be evaluated here, and
         * is closed when this returns (training goes on in the tables it reads).
         */
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
     * seconds, else one. Averaging removes the fits' own noise (docs/benchmarks.md).
     */
    public static int membersFor(int trainingRatings) {
        return trainingRatings <= ENSEMBLE_MAX_RATINGS ? ENSEMBLE_MEMBERS : 1;
    }

    /**
     * The whole model: the rating head ({@link #membersFor} seeded fits, averaged; {@code listener}
     * hears every member's progress and the first member's epochs), then the other heads.
     */
    public static HybridModel train(RatingData data, int[] train, ContentVocabulary vocabulary,
                                    ContentVocabulary.Encoded[] movieContent, ModelParams params, Listener listener) {
        int members = membersFor(train.length);
        ModelTables tables = RatingHeadFit.fit(data, train, vocabulary, movieContent, params, listener);
        if (members > 1) {
            HybridModel[] fits = new HybridModel[members];
            try {
                fits[0] = handOver(tables);
                Listener progressOnly = Listener.of(listener, (epoch, loss, seconds, trained) -> false);
                for (int m = 1; m < members; m++) {
                    fits[m] = trainRatingHead(data, train, vocabulary, movieContent, params.withSeed(params.seed() + m),
                            progressOnly);
                }
                tables = ModelTables.average(fits);
            } finally {
                for (HybridModel fit : fits) {
                    if (fit != null) {
                        fit.close();
                    }
                }
            }
        }
        try {
            return completeHeads(tables, data, train);
        } catch (RuntimeException | Error e) {
            tables.close();
            throw e;
        }
    }

    /** The rating head alone (epochs of rating + pairwise loss), with the training histories; no other head. */
    static HybridModel trainRatingHead(RatingData data, int[] train, ContentVocabulary vocabulary,
                                       ContentVocabulary.Encoded[] movieContent, ModelParams params, Listener listener) {
        return handOver(RatingHeadFit.fit(data, train, vocabulary, movieContent, params, listener));
    }

    /** The model of the rating head in {@code tables}, which it takes over (closed here if it cannot be built). */
    private static HybridModel handOver(ModelTables tables) {
        try {
            return tables.build(ItemItemHead.NONE, null, tables.manager);
        } catch (RuntimeException | Error e) {
            tables.close();
            throw e;
        }
    }

    /** After the rating head: the content mean rating, the cold tower and the item-item head; the tables become the model. */
    static HybridModel completeHeads(ModelTables tables, RatingData data, int[] train) {
        ContentMeanRating contentMean = ContentMeanRating.fit(
                ContentMeanRating.genreMeans(tables.movieContent, tables.vocabulary.genreCount(), data, train),
                tables.globalMean, tables.movieContent, tables.vocabulary.crew(), data, train);
        ColdTowerFit.fit(tables, data, train);
        ItemItemHead itemItem = ItemItemHead.fit(tables, UserHistories.liked(data, train));
        return tables.build(itemItem, contentMean, tables.manager);
    }
}
