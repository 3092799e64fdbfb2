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
 * catalogs. Other movies get their score from their content neighbours (see {@code HybridModel}).
 */
public final class EaseModel {

    public static final int MIN_RATINGS = 5;
    public static final int DEFAULT_MAX_ITEMS = 6000;

    private final double lambda;
    private final int[] items;
    private final int[] slotOfItem;
    private final float[] weights;

    private EaseModel(double lambda, int[] items, int itemCount, float[] weights) {
        this.lambda = lambda;
        this.items = items;
        this.weights = weights;
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
     * the evaluation counts (on ml-latest-small +1 to +4 % validation and test NDCG@10 over plain
     * EASE on three splits, docs/benchmarks.md).
     */
    public record Gram(int[] items, float[] coRated, float[] ratedThenLiked) {
    }

    /**
     * {@link Gram} over the modelled items, or null when fewer than two qualify. {@code liked} (the
     * histories' liked subset) may be null for plain EASE.
     */
    public static Gram gram(UserHistories histories, UserHistories liked, int itemCount, int maxItems) {
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
        // Each core counts the rows (first movie of a pair) in its own share of the slots: no shared
        // writes, the same counts on one core or many (on ml-25m this is tens of seconds per core).
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), m / 64));
        IntStream.range(0, parts).parallel().forEach(part ->
                countPairs(histories, liked, slot, m, m * part / parts, m * (part + 1) / parts, coRated, ratedThenLiked));
        return new Gram(items, coRated, ratedThenLiked);
    }

    /** Adds every user's co-rated (and rated-then-liked) pairs whose first slot is in {@code [fromRow, toRow)}. */
    private static void countPairs(UserHistories histories, UserHistories liked, int[] slot, int m, int fromRow, int toRow,
                                   float[] coRated, float[] ratedThenLiked) {
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
        return new EaseModel(lambda, gram.items(), itemCount, weights);
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
        slotScores(history, sum);
        for (int s = 0; s < items.length; s++) {
            out[items[s]] += sum[s];
        }
    }

    /**
     * Writes into {@code bySlot[0, modelledCount)} the head's score of each modelled movie, by slot
     * (see {@link #slot}), for a user who rated {@code history}: the batch's path, which reads the
     * scores where they are instead of spreading them over the whole catalog. Thread-safe.
     */
    public void slotScores(int[] history, float[] bySlot) {
        int m = items.length;
        Arrays.fill(bySlot, 0, m, 0);
        for (int item : history) {
            int row = slot(item);
            if (row < 0) {
                continue;
            }
            int offset = row * m;
            for (int j = 0; j < m; j++) {
                bySlot[j] += weights[offset + j];
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
    }

    public static EaseModel read(DataInputStream in, int itemCount) throws IOException {
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
        float[] weights = new float[m * m];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = in.readFloat();
        }
        return new EaseModel(lambda, items, itemCount, weights);
    }
}
