package dev.recsys.recommendation.batch;

import dev.recsys.model.hybrid.HybridModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Every model user's excluded movies (rated, or marked not-interested) as dense item indices (CSR
 * arrays), read from the catalog in one pass: what a batch run must never recommend.
 */
final class ExcludedMovies {

    private final int[] offsets;
    private final int[] items;

    private ExcludedMovies(int[] offsets, int[] items) {
        this.offsets = offsets;
        this.items = items;
    }

    static ExcludedMovies load(Connection c, HybridModel model) throws SQLException {
        int users = model.userCount();
        int[] counts = new int[users + 1];
        int[] rawUsers = new int[1 << 16];
        int[] rawItems = new int[1 << 16];
        int n = 0;
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, movie_id FROM catalog.excluded_movies")) {
            ps.setFetchSize(50_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int user = model.userIndex(rs.getInt(1));
                    int item = model.movieIndex(rs.getInt(2));
                    if (user < 0 || item < 0) {
                        continue;   // a user or movie the model does not know: nothing to exclude for it
                    }
                    if (n == rawUsers.length) {
                        rawUsers = Arrays.copyOf(rawUsers, n * 2);
                        rawItems = Arrays.copyOf(rawItems, n * 2);
                    }
                    rawUsers[n] = user;
                    rawItems[n] = item;
                    counts[user + 1]++;
                    n++;
                }
            }
            c.commit();
        }
        for (int u = 0; u < users; u++) {
            counts[u + 1] += counts[u];
        }
        int[] fill = Arrays.copyOf(counts, users);
        int[] items = new int[n];
        for (int r = 0; r < n; r++) {
            items[fill[rawUsers[r]]++] = rawItems[r];
        }
        return new ExcludedMovies(counts, items);
    }

    /** Marks the user's rated movies as excluded in a score array. */
    void exclude(int user, float[] scores) {
        for (int k = offsets[user]; k < offsets[user + 1]; k++) {
            scores[items[k]] = Float.NEGATIVE_INFINITY;
        }
    }
}
