package dev.recsys.model.implicit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.recsys.model.data.UserHistories;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The "will pick" head: EASE (Steck, WWW 2019), a closed-form item-item model on the binary
 * rated/not-rated matrix, {@code B = I - P·diag(1/diag(P))} with {@code P = (XᵀX + λI)⁻¹}. It learns
 * from every movie a user did <em>not</em> rate, which a rating objective never sees, and ranks far
 * above popularity on MovieLens (docs/architecture.md). The hybrid model fits it with graded
 * targets (a liked movie counts twice, {@link Gram}); the baselines use plain EASE.
 *
 * <p>The items×items matrix is kept dense for the movies with at least {@link #MIN_RATINGS} ratings,
 * at most {@code maxItems} of them (the most-rated): movies rated by fewer users almost never reach a
 * top-10, and the cap bounds memory ({@code maxItems² × 4} bytes) and the inversion's cost on large
 * catalogs. Other movies get their score from their content neighbours (see {@code ContentNeighbours}).
 */
public final class EaseModel {

    public static final int MIN_RATINGS = 5;
    public static final int DEFAULT_MAX_ITEMS = 6000;

    /**
     * Up to this many modelled movies the head also reads which movies a user <em>liked</em> as
     * inputs (a second items×items block, {@link #solve}): the closed form then inverts a
     * {@code 2m × 2m} matrix, 8 times the work and 4 times the memory of the plain one, which
     * ml-latest-small, ml-100k and ml-1m afford and ml-10m and larger (capped at {@link #DEFAULT_MAX_ITEMS}) do not.
     */
    public static final int LIKED_INPUTS_MAX_ITEMS = 4000;

    private final double lambda;
    private final int[] items;
    private final int[] slotOfItem;
    private final float[] weights;
    /** Rows added to a user's scores for each movie they liked, by slot; null when the head reads ratings only. */
    private final float[] likedWeights;

    private EaseModel(double lambda, int[] items, int itemCount, float[] weights, float[] likedWeights) {
        this.lambda = lambda;
        this.items = items;
        this.weights = weights;
        this.likedWeights = likedWeights;
        this.slotOfItem = new int[itemCount];
        Arrays.fill(slotOfItem, -1);
        for (int s = 0; s < items.length; s++) {
            slotOfItem[items[s]] = s;
        }
    }

    /** The movies the head models: at least {@code minRatings} ratings, the {@code maxItems} most-rated, sorted by index. */
    public static int[] modelledItems(UserHistories histories, int itemCount, int minRatings, int maxItems) {
        int[] counts = histories.itemCounts(itemCount);
        Integer[] candidates = java.util.stream.IntStream.range(0, itemCount).filter(i -> counts[i] >= minRatings)
                .boxed().toArray(Integer[]::new);
        if (candidates.length > maxItems) {
            Arrays.sort(candidates, (a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a])
                    : Integer.compare(a, b));
            candidates = Arrays.copyOf(candidates, maxItems);
        }
        return Arrays.stream(candidates).mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * Fits plain EASE on the histories (every rated movie a target of 1). Returns null when fewer
     * than two movies qualify (nothing to learn from co-occurrence).
     */
    public static EaseModel fit(UserHistories histories, int itemCount, double lambda, int maxItems, NDManager manager) {
        return fit(histories, null, itemCount, lambda, maxItems, manager);
    }

    /**
     * Fits the head with graded targets when {@code liked} is given: a movie the user rated counts
     * 1, one they liked counts 2 (see {@link Gram}). Returns null when fewer than two movies qualify;
     * the model then ranks by its rating head alone.
     */
    public static EaseModel fit(UserHistories histories, UserHistories liked, int itemCount, double lambda, int maxItems,
                                NDManager manager) {
        Gram gram = gram(histories, liked, itemCount, maxItems);
        return gram == null ? null : solve(gram, itemCount, lambda, manager);
    }

    /**
     * The sufficient statistics of the closed form over the modelled items, reused across λ by
     * {@link #solve}: {@code coRated = XᵀX} of the binary rated matrix X and, for graded targets,
     * {@code ratedThenLiked = XᵀL} with L the binary liked matrix. With graded targets the head
     * regresses {@code X + L} on X: which movies a user will pick <em>and like</em>, the relevance
     * the evaluation counts, and it ranks better than plain EASE (docs/benchmarks.md).
     */
    public record Gram(int[] items, float[] coRated, float[] ratedThenLiked, float[] coLiked) {
        /** Whether the head fitted from this Gram reads liked movies as inputs too ({@code coLiked = LᵀL} counted). */
        public boolean likedInputs() {
            return coLiked != null;
        }
    }

    /**
     * {@link Gram} over the modelled items, or null when fewer than two qualify. {@code liked} (the
     * histories' liked subset) may be null for plain EASE.
     */
    public static Gram gram(UserHistories histories, UserHistories liked, int itemCount, int maxItems) {
        return gram(histories, liked, itemCount, maxItems, true);
    }

    /**
     * As {@link #gram(UserHistories, UserHistories, int, int)}; {@code likedInputs} false keeps the
     * liked movies as targets only, whatever the number of movies (above {@link #LIKED_INPUTS_MAX_ITEMS}
     * they are targets only anyway).
     */
    public static Gram gram(UserHistories histories, UserHistories liked, int itemCount, int maxItems,
                            boolean likedInputs) {
        int[] items = modelledItems(histories, itemCount, MIN_RATINGS, maxItems);
        int m = items.length;
        if (m < 2) {
            return null;
        }
        int[] slot = new int[itemCount];
        Arrays.fill(slot, -1);
        for (int s = 0; s < m; s++) {
            slot[items[s]] = s;
        }
        float[] coRated = new float[m * m];
        float[] ratedThenLiked = liked == null ? null : new float[m * m];
        float[] coLiked = liked == null || !likedInputs || m > LIKED_INPUTS_MAX_ITEMS ? null : new float[m * m];
        // Each core counts the rows (first movie of a pair) in its own share of the slots: no shared
        // writes, the same counts on one core or many (on ml-25m this is tens of seconds per core).
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), m / 64));
        IntStream.range(0, parts).parallel().forEach(part -> countPairs(histories, liked, slot, m,
                m * part / parts, m * (part + 1) / parts, coRated, ratedThenLiked, coLiked));
        return new Gram(items, coRated, ratedThenLiked, coLiked);
    }

    /** Adds every user's co-rated (rated-then-liked, co-liked) pairs whose first slot is in {@code [fromRow, toRow)}. */
    private static void countPairs(UserHistories histories, UserHistories liked, int[] slot, int m, int fromRow, int toRow,
                                   float[] coRated, float[] ratedThenLiked, float[] coLiked) {
        int[] rated = new int[slot.length];
        int[] likedSlots = new int[slot.length];
        for (int u = 0; u < histories.userCount(); u++) {
            int n = slotsOf(histories.items(u), slot, rated);
            int l = liked == null ? 0 : slotsOf(liked.items(u), slot, likedSlots);
            for (int a = 0; a < n; a++) {
                if (rated[a] < fromRow || rated[a] >= toRow) {
                    continue;
                }
                int row = rated[a] * m;
                for (int b = 0; b < n; b++) {
                    coRated[row + rated[b]]++;
                }
                for (int b = 0; b < l; b++) {
                    ratedThenLiked[row + likedSlots[b]]++;
                }
            }
            for (int a = 0; coLiked != null && a < l; a++) {
                if (likedSlots[a] < fromRow || likedSlots[a] >= toRow) {
                    continue;
                }
                int row = likedSlots[a] * m;
                for (int b = 0; b < l; b++) {
                    coLiked[row + likedSlots[b]]++;
                }
            }
        }
    }

    private static int slotsOf(int[] movies, int[] slot, int[] out) {
        int n = 0;
        for (int item : movies) {
            if (slot[item] >= 0) {
                out[n++] = slot[item];
            }
        }
        return n;
    }

    /**
     * Solves the closed form for one λ (the Gram is left unchanged). With {@code P = (XᵀX + λI)⁻¹}
     * and targets T, {@code B = P·XᵀT - P·diag(μ)} with μ chosen so that {@code diag(B) = 0}
     * (no movie predicts itself): {@code B_ij = (P·XᵀT)_ij - P_ij (P·XᵀT)_jj / P_jj}. For plain
     * EASE ({@code T = X}, so {@code P·XᵀX = I - λP}) this is Steck's {@code -P_ij / P_jj}.
     */
    public static EaseModel solve(Gram gram, int itemCount, double lambda, NDManager manager) {
        if (gram.likedInputs()) {
            return solveWithLikedInputs(gram, itemCount, lambda, manager);
        }
        int m = gram.items().length;
        float[] p;
        float[] pTargets = null;
        try (NDManager scope = manager.newSubManager()) {
            NDArray g = scope.create(gram.coRated(), new Shape(m, m));
            NDArray inverse = g.add(scope.eye(m).mul((float) lambda)).inverse();
            p = inverse.toFloatArray();
            if (gram.ratedThenLiked() != null) {
                // P·Xᵀ(X + L) = I - λP + P·XᵀL
                pTargets = scope.eye(m).sub(inverse.mul((float) lambda))
                        .add(inverse.matMul(scope.create(gram.ratedThenLiked(), new Shape(m, m))))
                        .toFloatArray();
            }
        }
        float[] weights = new float[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i == j) {
                    continue;
                }
                weights[i * m + j] = pTargets == null ? -p[i * m + j] / p[j * m + j]
                        : pTargets[i * m + j] - p[i * m + j] * pTargets[j * m + j] / p[j * m + j];
            }
        }
        return new EaseModel(lambda, gram.items(), itemCount, weights, null);
    }

    /**
     * The closed form when the inputs are both which movies a user rated (X) and which they liked
     * (L): the graded targets {@code X + L} regressed on {@code [X L]}, so a movie the user loved
     * pulls its neighbours up more than one they merely rated, which ranks better (docs/benchmarks.md).
     * With {@code G = [X L]ᵀ[X L] + λI}, {@code P = G⁻¹} and {@code E} the two stacked identities, {@code P·[X L]ᵀ(X + L) = E - λ(P_X + P_L)}
     * (P's two column blocks), so only the inversion costs {@code (2m)³}. No movie predicts itself:
     * per target j the rows j (rated) and m + j (liked) are zeroed by the two Lagrange multipliers
     * that solve the 2×2 system of P at those rows and columns.
     */
    private static EaseModel solveWithLikedInputs(Gram gram, int itemCount, double lambda, NDManager manager) {
        int m = gram.items().length;
        int n = 2 * m;
        float[] inputs = new float[n * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(gram.coRated(), i * m, inputs, i * n, m);
            System.arraycopy(gram.ratedThenLiked(), i * m, inputs, i * n + m, m);
            System.arraycopy(gram.coLiked(), i * m, inputs, (m + i) * n + m, m);
            for (int j = 0; j < m; j++) {
                inputs[(m + j) * n + i] = gram.ratedThenLiked()[i * m + j];   // LᵀX = (XᵀL)ᵀ
            }
        }
        for (int i = 0; i < n; i++) {
            inputs[i * n + i] += (float) lambda;
        }
        float[] ratedRows;
        float[] likedRows;
        try (NDManager scope = manager.newSubManager()) {
            NDArray p = scope.create(inputs, new Shape(n, n)).inverse();
            NDArray ratedColumns = p.get(":, 0:" + m);
            NDArray likedColumns = p.get(":, " + m + ":");
            NDArray eye = scope.eye(m);
            NDArray a = ratedColumns.get("0:" + m + ", :").mul(eye).sum(new int[] {0});   // P[j, j]
            NDArray b = ratedColumns.get(m + ":, :").mul(eye).sum(new int[] {0});         // P[m+j, j] = P[j, m+j]
            NDArray d = likedColumns.get(m + ":, :").mul(eye).sum(new int[] {0});         // P[m+j, m+j]
            NDArray unconstrained = eye.concat(eye, 0).sub(ratedColumns.add(likedColumns).mul((float) lambda));
            NDArray ratedTarget = a.add(b).mul((float) -lambda).add(1f);   // unconstrained[j, j]
            NDArray likedTarget = b.add(d).mul((float) -lambda).add(1f);   // unconstrained[m+j, j]
            NDArray determinant = a.mul(d).sub(b.mul(b));
            NDArray muRated = d.mul(ratedTarget).sub(b.mul(likedTarget)).div(determinant);
            NDArray muLiked = a.mul(likedTarget).sub(b.mul(ratedTarget)).div(determinant);
            NDArray weights = unconstrained.sub(ratedColumns.mul(muRated)).sub(likedColumns.mul(muLiked));
            ratedRows = weights.get("0:" + m + ", :").toFloatArray();
            likedRows = weights.get(m + ":, :").toFloatArray();
        }
        for (int j = 0; j < m; j++) {
            ratedRows[j * m + j] = 0;   // zero up to rounding already; exactly zero here
            likedRows[j * m + j] = 0;
        }
        return new EaseModel(lambda, gram.items(), itemCount, ratedRows, likedRows);
    }

    /** Whether the head reads the movies a user liked as inputs besides those they rated. */
    public boolean readsLiked() {
        return likedWeights != null;
    }

    public double lambda() {
        return lambda;
    }

    public int modelledCount() {
        return items.length;
    }

    public boolean models(int item) {
        return slotOfItem[item] >= 0;
    }

    /** Dense item index of each modelled movie, by slot. */
    public int[] items() {
        return items.clone();
    }

    /**
     * Adds to {@code out[item]} the head's score of every modelled movie for a user who rated
     * {@code history} (dense indices); other entries are left as they are. Thread-safe.
     */
    public void addScores(int[] history, float[] out) {
        float[] sum = new float[items.length];
        slotScores(history, new int[0], sum);
        for (int s = 0; s < items.length; s++) {
            out[items[s]] += sum[s];
        }
    }

    /**
     * Writes into {@code bySlot[0, modelledCount)} the head's score of each modelled movie, by slot
     * (see {@link #slot}), for a user who rated {@code history} and liked {@code liked} among them
     * (ignored by a head that does not read liked movies): the batch's path, which reads the scores
     * where they are instead of spreading them over the whole catalog. Thread-safe.
     */
    public void slotScores(int[] history, int[] liked, float[] bySlot) {
        Arrays.fill(bySlot, 0, items.length, 0);
        addRows(weights, history, bySlot);
        if (likedWeights != null) {
            addRows(likedWeights, liked, bySlot);
        }
    }

    private void addRows(float[] rows, int[] movies, float[] bySlot) {
        int m = items.length;
        for (int item : movies) {
            int row = slot(item);
            if (row < 0) {
                continue;
            }
            int offset = row * m;
            for (int j = 0; j < m; j++) {
                bySlot[j] += rows[offset + j];
            }
        }
    }

    /** A movie's slot in the head (its row and column), or -1 when the head does not model it. */
    public int slot(int item) {
        return item < slotOfItem.length ? slotOfItem[item] : -1;
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeDouble(lambda);
        out.writeInt(items.length);
        for (int item : items) {
            out.writeInt(item);
        }
        for (float w : weights) {
            out.writeFloat(w);
        }
        out.writeBoolean(likedWeights != null);
        if (likedWeights != null) {
            for (float w : likedWeights) {
                out.writeFloat(w);
            }
        }
    }

    /** Reads what {@link #write} wrote; {@code withLikedFlag} false for artifacts written before the liked inputs (format 3). */
    public static EaseModel read(DataInputStream in, int itemCount, boolean withLikedFlag) throws IOException {
        double lambda = in.readDouble();
        int m = in.readInt();
        if (m < 2 || m > itemCount) {
            throw new IOException("model artifact is corrupt: item-item head over " + m + " movies");
        }
        int[] items = new int[m];
        for (int s = 0; s < m; s++) {
            items[s] = in.readInt();
            if (items[s] < 0 || items[s] >= itemCount) {
                throw new IOException("model artifact is corrupt: item-item head names movie index " + items[s]);
            }
        }
        float[] weights = readFloats(in, m * m);
        float[] likedWeights = withLikedFlag && in.readBoolean() ? readFloats(in, m * m) : null;
        return new EaseModel(lambda, items, itemCount, weights, likedWeights);
    }

    private static float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
