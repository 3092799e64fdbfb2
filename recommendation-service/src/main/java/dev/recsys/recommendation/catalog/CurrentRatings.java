package dev.recsys.recommendation.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What a user has told us by now: their ratings, latest first, and every movie their lists must leave
 * out (rated or marked not-interested). Read once and kept until a rating notice says the user changed
 * ({@link RatingChanges}), so a user who did not rate again costs no query; while the database cannot be
 * read the answer is empty and the request is marked degraded.
 */
@ApplicationScoped
public class CurrentRatings {

    private static final int MAX_CACHED_USERS = 100_000;

    /**
     * A user's ratings (parallel arrays, latest first) and excluded movies, as read when
     * {@link RatingChanges#stamp()} was {@code stamp}.
     */
    public static final class UserRatings {

        private final int[] movieIds;
        private final float[] ratings;
        private final Set<Integer> excluded;
        private final long stamp;
        /** The last {@link #changedSince} answer and the model version it was for: asked on every request. */
        private volatile long[] lastAnswer;

        UserRatings(int[] movieIds, float[] ratings, Set<Integer> excluded, long stamp) {
            this.movieIds = movieIds;
            this.ratings = ratings;
            this.excluded = excluded;
            this.stamp = stamp;
        }

        public int[] movieIds() {
            return movieIds;
        }

        public float[] ratings() {
            return ratings;
        }

        public Set<Integer> excluded() {
            return excluded;
        }

        public long stamp() {
            return stamp;
        }

        public int count() {
            return movieIds.length;
        }

        /**
         * Whether these ratings moved away from what model version {@code modelVersion} was trained on, as
         * {@code check} decides; decided once per version, since the ratings cannot change (a change is a new read).
         */
        public boolean changedSince(long modelVersion, BooleanSupplier check) {
            long[] answer = lastAnswer;
            if (answer == null || answer[0] != modelVersion) {
                answer = new long[] {modelVersion, check.getAsBoolean() ? 1 : 0};
                lastAnswer = answer;
            }
            return answer[1] == 1;
        }
    }

    private record Row(int movieId, Float rating, long ratedAt) {
    }

    private final RequestSql sql;
    private final RatingChanges changes;
    private final DegradedReads degraded;
    private final Map<Integer, UserRatings> cache = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, UserRatings> eldest) {
            return size() > MAX_CACHED_USERS;
        }
    });

    public CurrentRatings(RequestSql sql, RatingChanges changes, DegradedReads degraded) {
        this.sql = sql;
        this.changes = changes;
        this.degraded = degraded;
    }

    /** The user's ratings now; empty (and the request degraded) when the database cannot say. */
    public Optional<UserRatings> of(int userId) {
        UserRatings cached = cache.get(userId);
        if (cached != null && changes.unchangedSince(userId, cached.stamp())) {
            return Optional.of(cached);
        }
        if (!changes.databaseReachable()) {
            degraded.mark();
            return Optional.empty();
        }
        long stamp = changes.stamp();
        List<Row> rows;
        try {
            rows = sql.query("SELECT movie_id, rating, extract(epoch FROM rated_at)::bigint FROM catalog.ratings "
                    + "WHERE user_id = ? UNION ALL SELECT movie_id, NULL, 0 FROM catalog.events "
                    + "WHERE user_id = ? AND type = 'not-interested'",
                    rs -> new Row(rs.getInt(1), rs.getObject(2, Float.class), rs.getLong(3)), userId, userId);
        } catch (RuntimeException e) {
            degraded.mark();
            return Optional.empty();
        }
        UserRatings read = toUserRatings(rows, stamp);
        cache.put(userId, read);
        return Optional.of(read);
    }

    private static UserRatings toUserRatings(List<Row> rows, long stamp) {
        Set<Integer> excluded = new HashSet<>();
        List<Row> rated = new ArrayList<>();
        for (Row row : rows) {
            excluded.add(row.movieId());
            if (row.rating() != null) {
                rated.add(row);
            }
        }
        rated.sort((a, b) -> a.ratedAt() != b.ratedAt() ? Long.compare(b.ratedAt(), a.ratedAt())
                : Integer.compare(a.movieId(), b.movieId()));
        int[] movieIds = new int[rated.size()];
        float[] ratings = new float[rated.size()];
        for (int k = 0; k < movieIds.length; k++) {
            movieIds[k] = rated.get(k).movieId();
            ratings[k] = rated.get(k).rating();
        }
        return new UserRatings(movieIds, ratings, excluded, stamp);
    }
}
