package dev.recsys.ingestion.event;

import dev.recsys.ingestion.event.EventsResult.RejectedEvent;
import dev.recsys.ingestion.load.KnownMovies;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.StagingTables;
import dev.recsys.platform.db.RequestDatabase;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.error.Quoted;
import it.unimi.dsi.fastutil.ints.IntSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Stores feedback events posted by applications: each row is checked on its own, valid rows are
 * copied in one COPY and merged in one statement (an event already stored is counted, not stored
 * twice), invalid rows are reported by index. All valid rows of one request commit together.
 */
@ApplicationScoped
public class EventService {

    public static final int MAX_EVENTS_PER_REQUEST = 10_000;
    public static final List<String> TYPES = List.of("impression", "click", "watch", "not-interested");
    private static final long ONE_DAY_SECONDS = 86_400;

    /** A valid event, its time in microseconds (PostgreSQL's precision). */
    private record ValidEvent(int userId, int movieId, String type, long atMicros, String recommendationId) {
    }

    private final RequestDatabase database;
    private final Clock clock;

    public EventService(RequestDatabase database) {
        this.database = database;
        this.clock = Clock.systemUTC();
    }

    public EventsResult store(EventsRequest request) {
        List<NewEvent> events = ProblemException.requireRows("events", request == null ? null : request.events(),
                MAX_EVENTS_PER_REQUEST, "{userId, movieId, type, at?, recommendationId?}");
        try {
            return database.write(connection -> store(connection, events));
        } catch (SQLException e) {
            throw new IllegalStateException("could not store events", e);
        }
    }

    private EventsResult store(Connection connection, List<NewEvent> events) throws SQLException {
        IntSet knownMovies = KnownMovies.among(connection,
                events.stream().filter(Objects::nonNull).map(NewEvent::movieId).toList());
        Instant now = clock.instant();
        List<RejectedEvent> rejected = new ArrayList<>();
        List<ValidEvent> valid = new ArrayList<>();
        Map<ValidEvent, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            NewEvent e = events.get(i);
            String problem = problemWith(e, knownMovies);
            ValidEvent event = null;
            if (problem == null) {
                try {
                    event = new ValidEvent(e.userId(), e.movieId(), e.type(), timeOf(e.at(), now), uuidOf(e.recommendationId()));
                } catch (IllegalArgumentException invalid) {
                    problem = invalid.getMessage();
                }
            }
            if (event != null) {
                Integer earlier = firstIndex.putIfAbsent(event, i);
                if (earlier != null) {
                    problem = "duplicate of events[" + earlier + "] (same userId, movieId, type and at)";
                }
            }
            if (problem != null) {
                rejected.add(new RejectedEvent(i, problem));
            } else {
                valid.add(event);
            }
        }
        long inserted = valid.isEmpty() ? 0 : insert(connection, valid);
        return new EventsResult((int) inserted, valid.size() - (int) inserted, rejected);
    }

    private static long insert(Connection connection, List<ValidEvent> events) throws SQLException {
        StagingTables.prepare(connection, "events_incoming",
                "user_id integer, movie_id integer, type text, occurred_at timestamptz, recommendation_id text");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "events_incoming",
                "user_id, movie_id, type, occurred_at, recommendation_id")) {
            for (ValidEvent e : events) {
                copy.startRow(5);
                copy.int4(e.userId());
                copy.int4(e.movieId());
                copy.text(e.type());
                copy.timestamptzMicros(e.atMicros());
                if (e.recommendationId() == null) {
                    copy.nullField();
                } else {
                    copy.text(e.recommendationId());
                }
            }
            copy.finish();
        }
        return StagingTables.merge(connection, """
                INSERT INTO catalog.events (user_id, movie_id, type, occurred_at, recommendation_id)
                SELECT user_id, movie_id, type, occurred_at, recommendation_id::uuid FROM events_incoming
                ON CONFLICT (user_id, movie_id, type, occurred_at) DO NOTHING
                """).inserted();
    }

    private static String problemWith(NewEvent e, IntSet knownMovies) {
        if (e == null) {
            return "event is null";
        }
        if (e.userId() == null || e.userId() <= 0) {
            return e.userId() == null ? "userId is missing" : "userId must be a positive integer";
        }
        if (e.movieId() == null || e.movieId() <= 0) {
            return e.movieId() == null ? "movieId is missing" : "movieId must be a positive integer";
        }
        if (e.type() == null) {
            return "type is missing: one of " + String.join(", ", TYPES);
        }
        if (!TYPES.contains(e.type())) {
            return "type " + Quoted.of(e.type()) + " is not one of " + String.join(", ", TYPES);
        }
        if (!knownMovies.contains(e.movieId().intValue())) {
            return "unknown movieId " + e.movieId();
        }
        return null;
    }

    /** The event's time in microseconds since 1970; now when not given. */
    private static long timeOf(String at, Instant now) {
        Instant time;
        if (at == null) {
            time = now;
        } else {
            try {
                time = OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("at " + Quoted.of(at) + " is not an ISO-8601 time with an offset, "
                        + "like 2026-12-01T09:30:00Z");
            }
            if (time.isAfter(now.plusSeconds(ONE_DAY_SECONDS)) || time.getEpochSecond() < 0) {
                throw new IllegalArgumentException("at " + Quoted.of(at) + " is not a time between 1970 and now");
            }
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    private static String uuidOf(String recommendationId) {
        if (recommendationId == null) {
            return null;
        }
        try {
            return UUID.fromString(recommendationId).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recommendationId " + Quoted.of(recommendationId) + " is not a UUID");
        }
    }
}
