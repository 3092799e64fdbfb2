package dev.recsys.model.data;

import dev.recsys.model.RatingScale;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Which movies each user rated (dense indices, sorted), as one compressed-row table: what the
 * item-item head scores from, and what top-N excludes. Built from a set of rating indices, so the
 * training share of a split gives the histories the model was trained on.
 */
public final class UserHistories {

    private final int[] offsets;
    private final int[] items;

    private UserHistories(int[] offsets, int[] items) {
        this.offsets = offsets;
        this.items = items;
    }

    public static UserHistories of(RatingData data, int[] ratings) {
        int users = data.userCount();
        int[] offsets = new int[users + 1];
        for (int r : ratings) {
            offsets[data.user(r) + 1]++;
        }
        for (int u = 0; u < users; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] items = new int[ratings.length];
        int[] fill = Arrays.copyOf(offsets, users);
        for (int r : ratings) {
            items[fill[data.user(r)]++] = data.item(r);
        }
        for (int u = 0; u < users; u++) {
            Arrays.sort(items, offsets[u], offsets[u + 1]);
        }
        return new UserHistories(offsets, items);
    }

    /** The movies each user liked (rated at least {@link RatingScale#LIKED}) among {@code ratings}. */
    public static UserHistories liked(RatingData data, int[] ratings) {
        return of(data, Arrays.stream(ratings).filter(r -> data.rating(r) >= RatingScale.LIKED).toArray());
    }

    public int userCount() {
        return offsets.length - 1;
    }

    public int size(int user) {
        return offsets[user + 1] - offsets[user];
    }

    /** The user's rated movies, sorted (a copy). */
    public int[] items(int user) {
        return Arrays.copyOfRange(items, offsets[user], offsets[user + 1]);
    }

    /** How many of these users rated each movie (dense indices below {@code itemCount}). */
    public int[] itemCounts(int itemCount) {
        int[] counts = new int[itemCount];
        for (int item : items) {
            counts[item]++;
        }
        return counts;
    }

    public boolean contains(int user, int item) {
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(offsets.length);
        for (int v : offsets) {
            out.writeInt(v);
        }
        out.writeInt(items.length);
        for (int v : items) {
            out.writeInt(v);
        }
    }

    public static UserHistories read(DataInputStream in, int userCount) throws IOException {
        int n = in.readInt();
        if (n != userCount + 1) {
            throw new IOException("model artifact is inconsistent: histories for " + (n - 1) + " users, expected " + userCount);
        }
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = in.readInt();
        }
        int m = in.readInt();
        if (m < 0 || m != offsets[n - 1]) {
            throw new IOException("model artifact is inconsistent: history length " + m);
        }
        int[] items = new int[m];
        for (int i = 0; i < m; i++) {
            items[i] = in.readInt();
        }
        return new UserHistories(offsets, items);
    }
}
