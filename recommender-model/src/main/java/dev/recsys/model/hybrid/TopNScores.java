package dev.recsys.model.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.recsys.model.data.UserHistories;

/**
 * Top-N scores of every movie for a user: the item-item head's "will pick" score from the movies the
 * user rated and liked, plus its weight × the rating head's "will like" part ({@code b_i + ⟨p_u, q_i⟩},
 * the terms of the predicted rating that vary by movie), trusted less for a movie fitted to a handful
 * of ratings.
 */
final class TopNScores {

    /** Below this many training ratings a movie's fitted bias and vector are only partly trusted for ranking. */
    static final int FEW_RATINGS = 5;

    private final ServedMovies movies;
    private final ItemItemHead itemItem;
    /** Training ratings per movie; null without training histories. */
    private final int[] ratingCounts;
    private final UserHistories histories;
    private final UserHistories likedHistories;
    private final int movieCount;
    private final int d;

    TopNScores(ServedMovies movies, ItemItemHead itemItem, int[] ratingCounts, UserHistories histories,
               UserHistories likedHistories, int movieCount, int dimension) {
        this.movies = movies;
        this.itemItem = itemItem;
        this.ratingCounts = ratingCounts;
        this.histories = histories;
        this.likedHistories = likedHistories;
        this.movieCount = movieCount;
        this.d = dimension;
    }

    /** The movies (dense indices) the user had rated in the training data; empty for a model without them. */
    int[] trainedMovies(int user) {
        return histories == null ? new int[0] : histories.items(user);
    }

    private int[] likedMovies(int user) {
        return likedHistories == null ? new int[0] : likedHistories.items(user);
    }

    /** One trained user's scores. */
    void scores(float[] userVectors, int user, float[] out) {
        scores(userVectors, user * d, trainedMovies(user), likedMovies(user), out);
    }

    /** The scores of the user vector at {@code vectors[userOffset, +dimension)} who rated {@code history} and liked {@code liked}. */
    void scores(float[] vectors, int userOffset, int[] history, int[] liked, float[] out) {
        for (int movie = 0; movie < movieCount; movie++) {
            out[movie] = movies.dot(vectors, userOffset, movie);
        }
        complete(history, liked, out, 0, itemItem.newPickScratch());
    }

    /**
     * Several trained users' scores, row {@code b} of {@code out} for {@code users[b]}: the "will like"
     * dot products of the whole block are one matrix product (PyTorch, in {@code manager}), which reads
     * the movie vectors once per block instead of once per user.
     */
    void scores(float[] userVectors, int[] users, float[] out, NDManager manager) {
        float[] block = new float[users.length * d];
        for (int b = 0; b < users.length; b++) {
            System.arraycopy(userVectors, users[b] * d, block, b * d, d);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray dots = scope.create(block, new Shape(users.length, d)).matMul(movies.matrix(manager).transpose());
            dots.toByteBuffer().asFloatBuffer().get(out, 0, users.length * movieCount);
        }
        float[] pickBySlot = itemItem.newPickScratch();
        for (int b = 0; b < users.length; b++) {
            complete(trainedMovies(users[b]), likedMovies(users[b]), out, b * movieCount, pickBySlot);
        }
    }

    /** Turns the "will like" dot products in {@code out[offset, +movieCount)} into top-N scores. */
    private void complete(int[] history, int[] liked, float[] out, int offset, float[] pickBySlot) {
        float weight = itemItem.likeTermWeight();
        for (int movie = 0; movie < movieCount; movie++) {
            out[offset + movie] = weight * (movies.bias[movie] + out[offset + movie]) * likeTrust(movie);
        }
        itemItem.addPickScores(history, liked, out, offset, movieCount, pickBySlot);
    }

    /**
     * How far the "will like" term of a movie's top-N score is trusted: fully for a movie with
     * enough ratings or none (a new movie's comes from the cold tower), less for one fitted to a
     * handful of ratings, whose bias and vector are mostly noise.
     */
    private float likeTrust(int movie) {
        if (ratingCounts == null || ratingCounts[movie] == 0 || ratingCounts[movie] >= FEW_RATINGS) {
            return 1;
        }
        return (float) ratingCounts[movie] / FEW_RATINGS;
    }
}
