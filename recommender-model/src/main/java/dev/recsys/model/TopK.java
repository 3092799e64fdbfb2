package dev.recsys.model;

/** Selection of the highest scores without sorting everything: O(n·k), fine for k up to a few hundred. */
public final class TopK {

    private TopK() {
    }

    /**
     * Writes the indices of the {@code top.length} highest scores into {@code top}, best first (ties:
     * lower index first), skipping {@code -Infinity} (excluded items); returns how many were found.
     */
    public static int select(float[] scores, int[] top) {
        int count = 0;
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i];
            if (s == Float.NEGATIVE_INFINITY || count == top.length && s <= scores[top[count - 1]]) {
                continue;
            }
            int position = Math.min(count, top.length - 1);
            while (position > 0 && scores[top[position - 1]] < s) {
                top[position] = top[position - 1];
                position--;
            }
            top[position] = i;
            if (count < top.length) {
                count++;
            }
        }
        return count;
    }
}
