package dev.recsys.ingestion.catalog;

import dev.recsys.ingestion.catalog.MovieDetails.NamedCode;
import dev.recsys.insights.NameKey;
import dev.recsys.ingestion.catalog.MovieDetails.PersonRef;
import dev.recsys.ingestion.catalog.MovieDetails.TmdbFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What TMDB says of one movie, read for {@code GET /movies/{id}}: money, release date, the named lists,
 * and the cast and crew, which {@link #merge} folds into IMDb's credits by name.
 */
record TmdbDetails(LocalDate releaseDate, Long budget, Long revenue, TmdbFacts facts, List<Credit> directors,
                   List<Credit> writers, List<Credit> cast) {

    /** A TMDB credit with the key its name is matched by. */
    record Credit(PersonRef person, String nameKey) {
    }

    private static final String MOVIE = """
            SELECT release_date, budget, revenue, original_title, original_language, collection, overview, tagline,
                   vote_average, vote_count
            FROM catalog.tmdb_movies WHERE tmdb_id = ?""";
    private static final String NAMES = "SELECT kind, code, name FROM catalog.tmdb_movie_names WHERE tmdb_id = ? ORDER BY kind, position";
    private static final String CREDITS = """
            SELECT kind, person_id, name, name_key, character, department, job FROM catalog.tmdb_credits
            WHERE tmdb_id = ? ORDER BY kind, billing_order NULLS LAST, position""";

    /** Revenue over budget, where both are known. */
    Double returnRatio() {
        return budget == null || revenue == null ? null : (double) revenue / budget;
    }

    /** The movie's TMDB details, or null when the catalog has no TMDB movie of that id. */
    static TmdbDetails read(Connection c, int tmdbId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MOVIE)) {
            ps.setInt(1, tmdbId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, List<NamedCode>> names = names(c, tmdbId);
                List<Credit> directors = new ArrayList<>();
                List<Credit> writers = new ArrayList<>();
                List<Credit> cast = new ArrayList<>();
                List<PersonRef> producers = new ArrayList<>();
                readCredits(c, tmdbId, directors, writers, cast, producers);
                TmdbFacts facts = new TmdbFacts("https://www.themoviedb.org/movie/" + tmdbId, rs.getString("original_title"),
                        rs.getString("original_language"), names.getOrDefault("language", List.of()),
                        nameList(names.get("company")), names.getOrDefault("country", List.of()), rs.getString("collection"),
                        nameList(names.get("keyword")), rs.getString("overview"), rs.getString("tagline"),
                        rs.getObject("vote_average", Float.class), rs.getObject("vote_count", Integer.class), producers);
                return new TmdbDetails(rs.getObject("release_date", LocalDate.class), rs.getObject("budget", Long.class),
                        rs.getObject("revenue", Long.class), facts, directors, writers, cast);
            }
        }
    }

    private static Map<String, List<NamedCode>> names(Connection c, int tmdbId) throws SQLException {
        Map<String, List<NamedCode>> byKind = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(NAMES)) {
            ps.setInt(1, tmdbId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byKind.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new NamedCode(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return byKind;
    }

    private static List<String> nameList(List<NamedCode> names) {
        return names == null ? List.of() : names.stream().map(NamedCode::name).toList();
    }

    private static void readCredits(Connection c, int tmdbId, List<Credit> directors, List<Credit> writers, List<Credit> cast,
                                    List<PersonRef> producers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CREDITS)) {
            ps.setInt(1, tmdbId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String job = rs.getString("job");
                    boolean isCast = rs.getString("kind").equals("cast");
                    PersonRef person = new PersonRef(null, rs.getString("name"), rs.getInt("person_id"),
                            isCast ? rs.getString("character") : null, isCast ? null : job);
                    Credit credit = new Credit(person, rs.getString("name_key"));
                    String department = rs.getString("department");
                    if (isCast) {
                        cast.add(credit);
                    } else if ("Director".equals(job)) {
                        directors.add(credit);
                    } else if ("Writing".equals(department)) {
                        writers.add(credit);
                    } else if ("Production".equals(department) && job != null && job.contains("Producer")) {
                        producers.add(person);
                    }
                }
            }
        }
    }

    /**
     * IMDb's people in IMDb's order, each given the TMDB id and character or job of the TMDB credit with the
     * same name, then TMDB's people that IMDb does not credit, in TMDB's order.
     */
    static List<PersonRef> merge(List<PersonRef> imdb, List<Credit> tmdb) {
        List<Credit> unmatched = new ArrayList<>(tmdb);
        List<PersonRef> merged = new ArrayList<>(imdb.size() + tmdb.size());
        for (PersonRef person : imdb) {
            String key = NameKey.of(person.name());
            Credit match = unmatched.stream().filter(t -> t.nameKey().equals(key)).findFirst().orElse(null);
            if (match == null) {
                merged.add(person);
            } else {
                unmatched.remove(match);
                PersonRef t = match.person();
                merged.add(new PersonRef(person.personId(), person.name(), t.tmdbPersonId(), t.character(), t.job()));
            }
        }
        unmatched.forEach(t -> merged.add(t.person()));
        return merged;
    }
}
