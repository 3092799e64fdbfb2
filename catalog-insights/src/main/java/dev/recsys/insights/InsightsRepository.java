package dev.recsys.insights;

import dev.recsys.platform.db.RequestDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The catalog questions over {@code catalog.tmdb_*}, each one query. */
@ApplicationScoped
public class InsightsRepository {

    /** What a group of movies is. */
    public enum Grouping { COLLECTION, COMPANY, COUNTRY }

    /** How groups are ordered: the numbers largest first, names A to Z. */
    public enum GroupOrder {
        REVENUE_TOTAL("revenue_total DESC NULLS LAST"), REVENUE_MEAN("revenue_mean DESC NULLS LAST"),
        BUDGET_TOTAL("budget_total DESC NULLS LAST"), MOVIES("movies DESC"), RETURN_RATIO("return_ratio DESC NULLS LAST"),
        NAME("name");

        final String sql;

        GroupOrder(String sql) {
            this.sql = sql;
        }
    }

    /** How movies are ordered. */
    public enum MovieOrder {
        REVENUE("t.revenue DESC NULLS LAST"), BUDGET("t.budget DESC NULLS LAST"),
        RETURN_RATIO("t.revenue::float8 / t.budget DESC NULLS LAST"), RELEASE_DATE("t.release_date DESC NULLS LAST"),
        VOTE_AVERAGE("t.vote_average DESC NULLS LAST"), TITLE("t.title");

        final String sql;

        MovieOrder(String sql) {
            this.sql = sql;
        }
    }

    /**
     * Movies of a catalog movie id, or of the named collection, company and country (each optional, names matched
     * like {@code ?name=}, a country also by its ISO code).
     */
    public record MovieGroups(Integer movieId, String collection, String company, String country) {
    }

    /** Every read here is a request's: bounded when the database hangs ({@link RequestDatabase}). */
    private final RequestDatabase database;

    public InsightsRepository(RequestDatabase database) {
        this.database = database;
    }

    public ReleaseCounts releases(boolean byWeekday, InsightFilter filter, int limit, int offset) {
        // ISO weekday (1 Monday .. 7 Sunday) needs a full date; a month needs a year and month (partial dates too).
        String bucket = byWeekday ? "extract(isodow FROM t.release_date)::int" : "t.release_month";
        String sql = "SELECT " + bucket + " AS bucket, count(*) FROM catalog.tmdb_movies t WHERE " + filter.where(null)
                + " GROUP BY 1";
        int buckets = byWeekday ? 7 : 12;
        long[] counts = new long[buckets + 1];
        long withoutDate = 0;
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            filter.bind(ps, 1, false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int index = rs.getInt(1);
                    if (rs.wasNull()) {
                        withoutDate += rs.getLong(2);
                    } else {
                        counts[index] = rs.getLong(2);
                    }
                }
            }
        } catch (SQLException e) {
            throw database.failed("could not count releases", e);
        }
        List<ReleaseCounts.Item> items = new ArrayList<>();
        for (int i = 1 + offset; i <= buckets && items.size() < limit; i++) {
            String name = byWeekday ? DayOfWeek.of(i).getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                    : Month.of(i).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            items.add(new ReleaseCounts.Item(name, counts[i]));
        }
        return new ReleaseCounts(byWeekday ? "weekday" : "month", items, buckets, limit, offset, withoutDate);
    }

    public MoneyFigures.Page groups(Grouping grouping, InsightFilter filter, GroupOrder order, int limit, int offset) {
        // One row per movie and group (a movie that lists a company twice counts once), then the sums.
        String members = switch (grouping) {
            case COLLECTION -> "SELECT t.collection AS name, NULL::text AS code, t.tmdb_id, t.budget, t.revenue "
                    + "FROM catalog.tmdb_movies t WHERE t.collection IS NOT NULL AND " + filter.where("t.collection_key");
            case COMPANY, COUNTRY -> "SELECT DISTINCT n.name, n.code, t.tmdb_id, t.budget, t.revenue "
                    + "FROM catalog.tmdb_movie_names n JOIN catalog.tmdb_movies t USING (tmdb_id) "
                    + "WHERE n.kind = '" + (grouping == Grouping.COMPANY ? "company" : "country") + "' AND "
                    + filter.where("n.name_key");
        };
        String sql = "SELECT name, min(code) AS code, count(*) AS movies, count(budget), count(revenue), "
                + "sum(budget) AS budget_total, sum(revenue) AS revenue_total, "
                + "sum(revenue)::float8 / nullif(count(revenue), 0) AS revenue_mean, "
                + "(sum(revenue) FILTER (WHERE budget IS NOT NULL))::float8 "
                + "    / nullif(sum(budget) FILTER (WHERE revenue IS NOT NULL), 0) AS return_ratio, "
                + "count(*) OVER () AS total "
                + "FROM (" + members + ") m GROUP BY name ORDER BY " + order.sql + ", name LIMIT ? OFFSET ?";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int next = filter.bind(ps, 1, true);
            ps.setInt(next, limit);
            ps.setInt(next + 1, offset);
            List<MoneyFigures> items = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total = rs.getLong("total");
                    items.add(new MoneyFigures(rs.getString("name"), grouping == Grouping.COUNTRY ? rs.getString("code") : null,
                            rs.getLong("movies"), rs.getLong(4), rs.getLong(5), asLong(rs.getBigDecimal("budget_total")),
                            asLong(rs.getBigDecimal("revenue_total")), rs.getObject("revenue_mean", Double.class),
                            rs.getObject("return_ratio", Double.class)));
                }
            }
            if (items.isEmpty() && offset > 0) {
                total = countGroups(c, members, filter);
            }
            return new MoneyFigures.Page(items, total, limit, offset, MoneyFigures.NOTE);
        } catch (SQLException e) {
            throw database.failed("could not sum the " + grouping.name().toLowerCase(Locale.ROOT) + " figures", e);
        }
    }

    private static long countGroups(Connection c, String members, InsightFilter filter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT name) FROM (" + members + ") m")) {
            filter.bind(ps, 1, true);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public MovieMoney.Page movies(InsightFilter filter, MovieGroups groups, MovieOrder order, int limit, int offset) {
        List<String> conditions = new ArrayList<>(List.of(filter.where(null)));
        List<Object> parameters = new ArrayList<>();
        if (groups.movieId() != null) {
            conditions.add("EXISTS (SELECT 1 FROM catalog.movies m WHERE m.tmdb_id = t.tmdb_id AND m.movie_id = ?)");
            parameters.add(groups.movieId());
        }
        if (groups.collection() != null) {
            conditions.add("strpos(t.collection_key, ?) > 0");
            parameters.add(NameKey.of(groups.collection()));
        }
        for (String[] kind : new String[][] {{"company", groups.company()}, {"country", groups.country()}}) {
            if (kind[1] != null) {
                conditions.add("EXISTS (SELECT 1 FROM catalog.tmdb_movie_names n WHERE n.tmdb_id = t.tmdb_id "
                        + "AND n.kind = '" + kind[0] + "' AND (strpos(n.name_key, ?) > 0 OR lower(n.code) = ?))");
                parameters.add(NameKey.of(kind[1]));
                parameters.add(NameKey.of(kind[1]));
            }
        }
        String sql = "SELECT t.tmdb_id, (SELECT min(m.movie_id) FROM catalog.movies m WHERE m.tmdb_id = t.tmdb_id) AS movie_id, "
                + "t.imdb_id, t.title, t.release_date, t.release_year, t.collection, t.budget, t.revenue, t.vote_average, "
                + "t.vote_count, count(*) OVER () AS total FROM catalog.tmdb_movies t WHERE " + String.join(" AND ", conditions)
                + " ORDER BY " + order.sql + ", t.tmdb_id LIMIT ? OFFSET ?";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int next = filter.bind(ps, 1, false);
            for (Object parameter : parameters) {
                ps.setObject(next++, parameter);
            }
            ps.setInt(next, limit);
            ps.setInt(next + 1, offset);
            List<MovieMoney> items = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total = rs.getLong("total");
                    Long budget = rs.getObject("budget", Long.class);
                    Long revenue = rs.getObject("revenue", Long.class);
                    Integer imdbId = rs.getObject("imdb_id", Integer.class);
                    items.add(new MovieMoney(rs.getInt("tmdb_id"), rs.getObject("movie_id", Integer.class),
                            imdbId == null ? null : String.format(Locale.ROOT, "tt%07d", imdbId), rs.getString("title"),
                            rs.getObject("release_date", LocalDate.class), rs.getObject("release_year", Integer.class),
                            rs.getString("collection"), budget, revenue,
                            budget == null || revenue == null ? null : (double) revenue / budget,
                            rs.getObject("vote_average", Float.class), rs.getObject("vote_count", Integer.class)));
                }
            }
            if (items.isEmpty() && offset > 0) {
                total = countMovies(c, filter, conditions, parameters);
            }
            return new MovieMoney.Page(items, total, limit, offset);
        } catch (SQLException e) {
            throw database.failed("could not list movies", e);
        }
    }

    /** The number of movies a page past the end would have listed. */
    private static long countMovies(Connection c, InsightFilter filter, List<String> conditions, List<Object> parameters)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM catalog.tmdb_movies t WHERE "
                + String.join(" AND ", conditions))) {
            int next = filter.bind(ps, 1, false);
            for (Object parameter : parameters) {
                ps.setObject(next++, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Long asLong(BigDecimal value) {
        return value == null ? null : value.longValue();
    }
}
