package dev.recsys.model.hybrid;

import ai.djl.ndarray.NDManager;
import dev.recsys.model.data.UserHistories;
import java.util.Arrays;

/**
 * The hybrid collaborative + content model (docs/architecture.md), with two heads over one set of movies.
 * "Will like" (predicted ratings): {@code μ + b_u + b_i + ⟨p_u, q_i⟩}, where {@code b_i} and {@code q_i}
 * are the movie's id bias and embedding plus the output of a DJL content tower (mean genre, title-word
 * and person embeddings and normalised numbers: {@link ContentEncoder}). "Will pick" (top-N): the
 * item-item head ({@link ItemItemHead}) over the movies the user rated, plus a tuned share of the
 * "will like" terms ({@link TopNScores}). A cold tower maps content alone to a bias and vector on the
 * learned scale: it serves movies without ratings and movies in no catalog ({@link ColdStart}).
 *
 * <p>Closed: built once, by {@link HybridTrainer} or {@link ModelArtifact}, from {@link ModelTables}
 * it takes over, with everything it serves computed then. Safe to read from many threads.
 */
public final class HybridModel implements AutoCloseable {

    /** What it was built from, taken over or borrowed; read only from here on. */
    final ModelTables tables;
    final ModelParams params;
    /** The movies each user had rated (and liked; null in old artifacts) when the model was trained. */
    final UserHistories histories;
    final UserHistories likedHistories;
    /** Training ratings per movie, from {@link #histories}. */
    final int[] ratingCounts;
    final ItemItemHead itemItem;
    /** The mean rating a movie gets from its content alone; null in artifacts from before format 3. */
    final ContentMeanRating contentMeanRating;
    final AverageUser averageUser;
    final ServedMovies served;
    private final ColdStart coldStart;
    private final TopNScores topN;
    private final NDManager manager;

    /** See {@link ModelTables#build}: the one way a model is made. */
    HybridModel(ModelTables tables, ItemItemHead itemItem, ContentMeanRating contentMeanRating, NDManager manager) {
        this.tables = tables;
        params = tables.params;
        histories = tables.histories();
        likedHistories = tables.likedHistories();
        ratingCounts = tables.ratingCounts();
        this.itemItem = itemItem;
        this.contentMeanRating = contentMeanRating;
        this.manager = manager;
        int d = params.dimension();
        averageUser = AverageUser.of(tables.userVectors, tables.userBias, tables.userIds.length, d);
        coldStart = new ColdStart(tables.encoder, contentMeanRating, tables.globalMean, averageUser, d);
        served = new ServedMovies(tables, coldStart);
        topN = new TopNScores(served, itemItem, ratingCounts, histories, likedHistories, tables.movieIds.length, d);
    }

    public int userCount() {
        return tables.userIds.length;
    }

    public int movieCount() {
        return tables.movieIds.length;
    }

    public int dimension() {
        return params.dimension();
    }

    /** Dense index of a user id, or negative when the model has never seen the user. */
    public int userIndex(int userId) {
        return Arrays.binarySearch(tables.userIds, userId);
    }

    /** Dense index of a movie id, or negative when the movie is not in the model. */
    public int movieIndex(int movieId) {
        return Arrays.binarySearch(tables.movieIds, movieId);
    }

    public int userId(int userIndex) {
        return tables.userIds[userIndex];
    }

    public int movieId(int movieIndex) {
        return tables.movieIds[movieIndex];
    }

    public ModelParams params() {
        return params;
    }

    public ContentVocabulary vocabulary() {
        return tables.vocabulary;
    }

    /**
     * Whether a movie's text vector changes this model's answers (a tower reads it): false for a model
     * trained without text vectors and for artifacts from before format 6.
     */
    public boolean readsText() {
        return tables.vocabulary.readsText();
    }

    /** Predicted rating (unclamped) for dense indices. */
    public double predict(int user, int movie) {
        float dot = served.dot(tables.userVectors, user * params.dimension(), movie);
        return tables.globalMean + tables.userBias[user] + served.bias[movie] + dot;
    }

    /**
     * Top-N scores of every movie for one user, written into {@code out}: the item-item head's
     * "will pick" score from the movies the user had rated, plus a weight × the rating head's
     * "will like" part. A movie the item-item head does not model (too few ratings, or none) borrows a
     * shrunk mean of its content neighbours' scores, so a new movie can still be recommended.
     */
    public void scores(int user, float[] out) {
        topN.scores(tables.userVectors, user, out);
    }

    /**
     * Top-N scores of several users at once, as {@link #scores(int, float[])} gives them one by one:
     * row {@code b} of {@code out} (row-major, {@code users.length × movieCount}) for {@code users[b]},
     * with the "will like" part of the whole block as one matrix product: the batch job's path.
     */
    public void scores(int[] users, float[] out) {
        topN.scores(tables.userVectors, users, out, manager);
    }

    /** One user's preference vector (a copy). */
    public float[] userVector(int user) {
        int d = params.dimension();
        return Arrays.copyOfRange(tables.userVectors, user * d, (user + 1) * d);
    }

    /** Every user's preference vector, row-major {@code userCount × dimension} (a copy). */
    public float[] userVectors() {
        return tables.userVectors.clone();
    }

    /** The movies (dense indices) the user had rated in the training data; empty for a model without them. */
    public int[] trainedMovies(int user) {
        return topN.trainedMovies(user);
    }

    /** A user vector and bias computed on the fly (fold-in) for a visitor the model was not trained on. */
    public record FoldedUser(float[] vector, float bias, int[] items, int[] likedItems) {
    }

    /** The user vector and bias that best explain the given ratings of movies (dense indices): {@link FoldIn}. */
    public FoldedUser foldIn(int[] movies, float[] ratings, float regularisation) {
        return FoldIn.solve(served, tables.globalMean, params.dimension(), movies, ratings, regularisation);
    }

    /** Predicted rating (unclamped) of a movie for a folded-in user. */
    public double predict(FoldedUser user, int movie) {
        float dot = served.dot(user.vector(), 0, movie);
        return tables.globalMean + user.bias() + served.bias[movie] + dot;
    }

    /** Top-N scores for a folded-in user, like {@link #scores(int, float[])}. */
    public void scores(FoldedUser user, float[] out) {
        topN.scores(user.vector(), 0, user.items(), user.likedItems(), out);
    }

    /** Cosine similarity of every movie's vector to one movie's, written into {@code out} (itself: -infinity). */
    public void similarities(int movie, float[] out) {
        served.similarities(movie, out);
    }

    /**
     * Predicted rating for a user the model has never seen: what the average user of the training
     * data would give (the mean user bias and vector, not a zero vector).
     */
    public double predictWithoutUser(int movie) {
        int d = params.dimension();
        double score = tables.globalMean + averageUser.bias() + served.bias[movie];
        for (int k = 0; k < d; k++) {
            score += averageUser.vector()[k] * served.vectors[movie * d + k];
        }
        return score;
    }

    /**
     * Predicted rating of a movie that is in no catalog, from its content alone, for a known user, or
     * for the average user when {@code user} is negative ({@link ColdStart}).
     */
    public double predictNewMovie(int user, ContentVocabulary.Encoded content) {
        return newMovie(content).predict(user);
    }

    /** A movie in no catalog, its cold-start bias and vector computed once: scores many users cheaply. */
    public NewMovie newMovie(ContentVocabulary.Encoded content) {
        return new NewMovie(this, coldStart.vectorAndBias(content));
    }

    /**
     * A new movie that continues a franchise whose movies are {@code franchiseMovies} (dense indices): its vector and
     * bias are the mean of its content's and theirs, the content counting as one movie. A score is linear in both, so
     * every user's predicted rating is the mean of the content's prediction and their predictions of those movies: a
     * sequel is expected to be liked as its predecessors were, more so the more of them there are.
     */
    public NewMovie newMovie(ContentVocabulary.Encoded content, int[] franchiseMovies) {
        float[] vectorAndBias = coldStart.vectorAndBias(content);
        if (franchiseMovies.length == 0) {
            return new NewMovie(this, vectorAndBias);
        }
        int d = params.dimension();
        for (int movie : franchiseMovies) {
            for (int k = 0; k < d; k++) {
                vectorAndBias[k] += served.vectors[movie * d + k];
            }
            vectorAndBias[d] += served.bias[movie];
        }
        for (int k = 0; k <= d; k++) {
            vectorAndBias[k] /= 1 + franchiseMovies.length;
        }
        return new NewMovie(this, vectorAndBias);
    }

    /** A copy of the served movie vectors (row-major, {@code movieCount × dimension}). */
    public float[] servingMovieVectors() {
        return served.vectors.clone();
    }

    @Override
    public void close() {
        manager.close();
    }
}
