package dev.recsys.model.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.recsys.model.TopK;
import dev.recsys.model.implicit.EaseModel;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * For each movie the item-item head does not model (too few ratings, or none), its {@link #NEIGHBOURS}
 * nearest modelled movies by content: such a movie borrows a shrunk mean of their "will pick" scores,
 * so a new movie can still be recommended.
 */
final class ContentNeighbours {

    /** How many content neighbours lend a movie without co-ratings its item-item score, and how much of it. */
    static final int NEIGHBOURS = 5;
    static final float NEIGHBOUR_SHRINK = 0.2f;
    private static final int CHUNK = 4096;
    /** Unmodelled movies per matrix product (ml-25m: 56k against 6k modelled ones). */
    private static final int BLOCK = 1024;

    /** {@link #NEIGHBOURS} modelled movies per unmodelled movie, in movie order: the artifact's part. */
    final int[] neighbours;
    /** For each movie, its row in {@link #neighbours}, or -1 for a modelled movie. */
    private final int[] rowOf;
    /** {@link #neighbours} as the item-item head's slots, for scoring. */
    private final int[] slots;

    ContentNeighbours(EaseModel ease, int[] neighbours, int movieCount) {
        this.neighbours = neighbours;
        rowOf = new int[movieCount];
        Arrays.fill(rowOf, -1);
        slots = new int[neighbours.length];
        if (ease == null) {
            return;
        }
        int row = 0;
        for (int i = 0; i < movieCount; i++) {
            if (!ease.models(i)) {
                rowOf[i] = row++;
            }
        }
        for (int n = 0; n < neighbours.length; n++) {
            slots[n] = ease.slot(neighbours[n]);
        }
    }

    /** Whether {@code movie} borrows its score ({@link #borrowedScore}) rather than having one of its own. */
    boolean borrows(int movie) {
        return rowOf[movie] >= 0;
    }

    /** The shrunk mean of the neighbours' scores, from the item-item head's scores by slot. */
    float borrowedScore(int movie, float[] pickBySlot) {
        int row = rowOf[movie];
        float sum = 0;
        for (int n = 0; n < NEIGHBOURS; n++) {
            sum += pickBySlot[slots[row * NEIGHBOURS + n]];
        }
        return NEIGHBOUR_SHRINK * sum / NEIGHBOURS;
    }

    /**
     * The neighbours of every movie {@code ease} does not model: its most similar modelled movies by
     * the cosine of their content-only (cold tower) vectors.
     */
    static int[] link(EaseModel ease, ContentEncoder encoder, ContentVocabulary.Encoded[] movieContent, int d,
                      NDManager manager) {
        int movies = movieContent.length;
        float[] cold = new float[movies * (d + 1)];
        for (int start = 0; start < movies; start += CHUNK) {
            int end = Math.min(movies, start + CHUNK);
            float[] part = encoder.coldVectors(Arrays.copyOfRange(movieContent, start, end));
            System.arraycopy(part, 0, cold, start * (d + 1), part.length);
        }
        // Unit vectors, so that a matrix product of two blocks gives their cosines.
        float[] unit = new float[movies * d];
        for (int i = 0; i < movies; i++) {
            double sum = 0;
            for (int k = 0; k < d; k++) {
                sum += cold[i * (d + 1) + k] * cold[i * (d + 1) + k];
            }
            float norm = (float) Math.max(1e-9, Math.sqrt(sum));
            for (int k = 0; k < d; k++) {
                unit[i * d + k] = cold[i * (d + 1) + k] / norm;
            }
        }
        int[] modelled = ease.items();
        int[] unmodelled = IntStream.range(0, movies).filter(i -> !ease.models(i)).toArray();
        float[] modelledUnit = new float[modelled.length * d];
        for (int s = 0; s < modelled.length; s++) {
            System.arraycopy(unit, modelled[s] * d, modelledUnit, s * d, d);
        }
        int[] neighbours = new int[unmodelled.length * NEIGHBOURS];
        float[] similarity = new float[modelled.length];
        int[] top = new int[NEIGHBOURS];
        try (NDManager scope = manager.newSubManager()) {
            NDArray modelledMatrix = scope.create(modelledUnit, new Shape(modelled.length, d)).transpose();
            float[] blockUnit = new float[BLOCK * d];
            float[] blockSimilarity = new float[BLOCK * modelled.length];
            for (int first = 0; first < unmodelled.length; first += BLOCK) {
                int rows = Math.min(BLOCK, unmodelled.length - first);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(unit, unmodelled[first + r] * d, blockUnit, r * d, d);
                }
                try (NDManager step = scope.newSubManager()) {
                    step.create(Arrays.copyOf(blockUnit, rows * d), new Shape(rows, d)).matMul(modelledMatrix)
                            .toByteBuffer().asFloatBuffer().get(blockSimilarity, 0, rows * modelled.length);
                }
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(blockSimilarity, r * modelled.length, similarity, 0, modelled.length);
                    int found = TopK.select(similarity, top);
                    int row = first + r;
                    for (int n = 0; n < NEIGHBOURS; n++) {
                        neighbours[row * NEIGHBOURS + n] = modelled[top[Math.min(n, found - 1)]];
                    }
                }
            }
        }
        return neighbours;
    }
}
