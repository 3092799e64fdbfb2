package dev.recsys.model.rerank;

import java.util.Arrays;

/**
 * How alike two movies are by their genres: the Jaccard overlap of their genre sets (1: the same
 * genres, 0: none shared or none known). What the diversity knob spreads a list over, so that it
 * does not repeat one kind of movie; it needs no model and reads the same for every model, so a
 * list scored live, a stored batch list and the popular list are diversified alike.
 */
public final class GenreOverlap {

    private final int[][] genres;

    /** @param genres each movie's genre ids, by dense movie index */
    public GenreOverlap(int[][] genres) {
        this.genres = new int[genres.length][];
        for (int i = 0; i < genres.length; i++) {
            this.genres[i] = genres[i].clone();
            Arrays.sort(this.genres[i]);
        }
    }

    public double between(int a, int b) {
        int[] x = genres[a];
        int[] y = genres[b];
        if (x.length == 0 || y.length == 0) {
            return 0;
        }
        int shared = 0;
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            if (x[i] == y[j]) {
                shared++;
                i++;
                j++;
            } else if (x[i] < y[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) shared / (x.length + y.length - shared);
    }

    /** The Jaccard overlap of two genre sets given as bit sets (how recommendation-service compares catalog movies). */
    public static double jaccard(long a, long b) {
        long union = a | b;
        return union == 0 || a == 0 || b == 0 ? 0 : (double) Long.bitCount(a & b) / Long.bitCount(union);
    }
}
