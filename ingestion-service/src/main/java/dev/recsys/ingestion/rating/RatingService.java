package dev.recsys.ingestion.rating;

import dev.recsys.ingestion.load.KnownMovies;
import dev.recsys.ingestion.load.RatingRules;
import dev.recsys.ingestion.load.RatingsWriter;
import dev.recsys.ingestion.load.UserUpserts;
import dev.recsys.ingestion.rating.RatingsResult.RejectedRating;
import dev.recsys.platform.db.RequestDatabase;
import dev.recsys.platform.error.ProblemException;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stores ratings posted by applications. Each row is checked on its own: valid rows are stored
 * (new users are created, a user's earlier rating of the same movie is replaced), invalid rows
 * are reported by index. All valid rows of one request commit together.
 */
@ApplicationScoped
public class RatingService {

    public static final int MAX_RATINGS_PER_REQUEST = 10_000;
    private static final long ONE_DAY_SECONDS = 86_400;

    private final RequestDatabase database;
    private final Clock clock;

    public RatingService(RequestDatabase database) {
        this.database = database;
        this.clock = Clock.systemUTC();
    }

    public RatingsResult store(RatingsRequest request) {
        List<NewRating> ratings = ProblemException.requireRows("ratings", request == null ? null : request.ratings(),
                MAX_RATINGS_PER_REQUEST, "{userId, movieId, rating, timestamp?}");
        try {
            return database.write(connection -> store(connection, ratings));
        } catch (SQLException e) {
            throw new IllegalStateException("could not store ratings", e);
        }
    }

    private RatingsResult store(Connection connection, List<NewRating> ratings) throws SQLException {
        IntSet knownMovies = KnownMovies.among(connection,
                ratings.stream().filter(Objects::nonNull).map(NewRating::movieId).toList());
        long now = clock.instant().getEpochSecond();
        List<RejectedRating> rejected = new ArrayList<>();
        Long2IntOpenHashMap firstIndex = new Long2IntOpenHashMap();
        firstIndex.defaultReturnValue(-1);
        List<NewRating> valid = new ArrayList<>();
        IntSet users = new IntOpenHashSet();
        for (int i = 0; i < ratings.size(); i++) {
            NewRating r = ratings.get(i);
            String problem = problemWith(r, knownMovies, now);
            if (problem == null) {
                int earlier = firstIndex.putIfAbsent((long) r.userId() << 32 | r.movieId(), i);
                if (earlier >= 0) {
                    problem = "duplicate of ratings[" + earlier + "] (same userId and movieId)";
                }
            }
            if (problem != null) {
                rejected.add(new RejectedRating(i, problem));
            } else {
                valid.add(r);
                users.add(r.userId().intValue());
            }
        }
        if (!valid.isEmpty()) {
            // Users first: a connection can run no other statement while its COPY is open.
            UserUpserts.upsert(connection, users, List.of());
            try (RatingsWriter writer = RatingsWriter.open(connection, false)) {
                for (NewRating r : valid) {
                    writer.add(r.userId(), r.movieId(), r.rating().floatValue(), r.timestamp() == null ? now : r.timestamp());
                }
                writer.finish();
            }
        }
        return new RatingsResult(valid.size(), rejected);
    }

    private static String problemWith(NewRating r, IntSet knownMovies, long now) {
        if (r == null) {
            return "rating is null";
        }
        if (r.userId() == null || r.userId() <= 0) {
            return r.userId() == null ? "userId is missing" : "userId must be a positive integer";
        }
        if (r.movieId() == null || r.movieId() <= 0) {
            return r.movieId() == null ? "movieId is missing" : "movieId must be a positive integer";
        }
        if (r.rating() == null) {
            return "rating is missing";
        }
        String ratingProblem = RatingRules.problemWith(r.rating());
        if (ratingProblem != null) {
            return ratingProblem;
        }
        if (r.timestamp() != null && (r.timestamp() < 0 || r.timestamp() > now + ONE_DAY_SECONDS)) {
            return "timestamp " + r.timestamp() + " is not a Unix time in seconds up to now";
        }
        if (!knownMovies.contains(r.movieId().intValue())) {
            return "unknown movieId " + r.movieId();
        }
        return null;
    }
}
