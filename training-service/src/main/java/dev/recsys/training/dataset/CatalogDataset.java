package dev.recsys.training.dataset;

import dev.recsys.platform.db.Transactions;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.ReleasedOnly;
import dev.recsys.text.StoredVectors;
import dev.recsys.training.run.TrainingConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what training needs from the catalog (read-only) in one consistent snapshot: every movie
 * with its content (and its stored text and release-text vectors, unless {@code recsys.training.movie-text}
 * is off; its TMDB facts and, for a role IMDb gives nobody, TMDB's people), the TMDB movies no catalog movie
 * links to, and every rating streamed into primitive arrays (no object per rating).
 */
@ApplicationScoped
public class CatalogDataset {

    private static final int FETCH_SIZE = 50_000;

    private final AgroalDataSource dataSource;
    private final boolean movieText;

    public CatalogDataset(AgroalDataSource dataSource, TrainingConfig config) {
        this.dataSource = dataSource;
        this.movieText = config.movieText();
    }

    /**
     * The ratings, the content of every movie (aligned with the dense item indices, with TMDB's facts where a TMDB
     * movie is linked), the content of the TMDB movies no catalog movie links to (for the public-rating model
     * only), and the sizes.
     */
    public record Loaded(RatingData ratings, ItemContent[] content, ReleasedOnly releasedOnly, Snapshot snapshot) {
    }

    /** Sizes of the data a model was trained on, stored with the version. */
    public record Snapshot(int users, int movies, long ratings) {
    }

    public Loaded load() throws SQLException {
        return Transactions.inSnapshot(dataSource, c -> {
            List<Integer> movieIds = new ArrayList<>();
            List<ItemContent> content = new ArrayList<>();
            Map<Integer, TmdbMetadata.Movie> tmdb = TmdbMetadata.read(c, FETCH_SIZE);
            readMovies(c, movieIds, content, movieText ? StoredVectors.movieVectors(c) : Map.of(),
                    movieText ? StoredVectors.releaseVectors(c) : Map.of(), tmdb);
            List<TmdbMetadata.Movie> unlinked = tmdb.values().stream().filter(m -> !m.linked())
                    .sorted(java.util.Comparator.comparingInt(TmdbMetadata.Movie::tmdbId)).toList();
            ReleasedOnly releasedOnly = new ReleasedOnly(unlinked.stream().map(TmdbMetadata.Movie::content)
                    .toArray(ItemContent[]::new), unlinked.stream().mapToInt(TmdbMetadata.Movie::tmdbId).toArray());
            return readRatings(c, movieIds.stream().mapToInt(Integer::intValue).toArray(),
                    content.toArray(ItemContent[]::new), releasedOnly);
        });
    }

    private static void readMovies(Connection c, List<Integer> movieIds, List<ItemContent> content,
                                   Map<Integer, float[]> textVectors, Map<Integer, float[]> releaseTextVectors,
                                   Map<Integer, TmdbMetadata.Movie> tmdb) throws SQLException {
        Map<Integer, List<List<String>>> credits = new HashMap<>();
        String creditSql = "SELECT cr.movie_id, cr.role, p.name FROM catalog.credits cr JOIN catalog.people p USING (person_id) "
                + "ORDER BY cr.movie_id, cr.role, cr.billing_order";
        try (Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = s.executeQuery(creditSql)) {
                while (rs.next()) {
                    List<List<String>> byRole = credits.computeIfAbsent(rs.getInt(1),
                            id -> List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                    int role = switch (rs.getString(2)) {
                        case "director" -> 0;
                        case "writer" -> 1;
                        default -> 2;
                    };
                    byRole.get(role).add(rs.getString(3));
                }
            }
        }
        String movieSql = "SELECT movie_id, title, year, genres, runtime_minutes, imdb_rating, imdb_votes, tmdb_id "
                + "FROM catalog.movies ORDER BY movie_id";
        try (Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = s.executeQuery(movieSql)) {
                while (rs.next()) {
                    int movieId = rs.getInt(1);
                    Array genres = rs.getArray(4);
                    List<List<String>> people = credits.getOrDefault(movieId, List.of(List.of(), List.of(), List.of()));
                    movieIds.add(movieId);
                    ItemContent movie = new ItemContent(genres == null ? List.of() : Arrays.asList((String[]) genres.getArray()),
                            rs.getString(2), people.get(0), people.get(1), people.get(2), rs.getObject(3, Integer.class),
                            rs.getObject(5, Integer.class), rs.getObject(6, Float.class), rs.getObject(7, Integer.class),
                            textVectors.get(movieId), releaseTextVectors.get(movieId));
                    TmdbMetadata.Movie linked = tmdb.get(rs.getObject(8, Integer.class));
                    content.add(linked == null ? movie : linked.completing(movie));
                }
            }
        }
    }

    private static Loaded readRatings(Connection c, int[] movieIds, ItemContent[] content, ReleasedOnly releasedOnly)
            throws SQLException {
        int expected;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM catalog.ratings")) {
            rs.next();
            expected = Math.toIntExact(rs.getLong(1));
        }
        int[] users = new int[expected];
        int[] items = new int[expected];
        float[] ratings = new float[expected];
        long[] times = new long[expected];
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, movie_id, rating, extract(epoch FROM rated_at)::bigint FROM catalog.ratings "
                        + "ORDER BY user_id, movie_id")) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && n < expected) {
                    users[n] = rs.getInt(1);
                    items[n] = rs.getInt(2);
                    ratings[n] = rs.getFloat(3);
                    times[n] = rs.getLong(4);
                    n++;
                }
            }
        }
        RatingData data = RatingData.fromIds(Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(ratings, n),
                Arrays.copyOf(times, n), movieIds);
        return new Loaded(data, content, releasedOnly, new Snapshot(data.userCount(), data.itemCount(), n));
    }
}
