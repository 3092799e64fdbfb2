package dev.recsys.recommendation;

import dev.recsys.testing.EmbeddedPostgresServer;
import dev.recsys.text.MovieText;
import dev.recsys.text.StoredVectors;
import dev.recsys.text.TextEmbedder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated catalog of {@link RecsFixture} plus planted movies with plots, and every movie's text
 * stored and embedded the way ingestion does it ({@link StoredVectors#store}). The planted movies:
 * a "Toy Story" family (exact title, a sequel that starts with it, a title with all its words), a
 * lighthouse story to find by a paraphrase of its plot, "Galaxy Rangers" for its sequel to land next
 * to, and two "Midnight Orchard"s with the same text, one rated by 30 users and the other by 2.
 */
public class SearchFixture implements QuarkusTestResourceLifecycleManager {

    static final int TOY_STORY = 900_001;
    static final int TOY_STORY_2 = 900_002;
    static final int TOY_MAKER = 900_003;
    static final int LIGHTHOUSE = 900_010;
    static final int GALAXY_RANGERS = 900_020;
    static final int ORCHARD_RARE = 900_030;
    static final int ORCHARD_POPULAR = 900_031;
    static final String RANGERS_DIRECTOR = "Ada Brandt";

    record Planted(int movieId, String title, int year, String genres, List<String> tags, String plot, int ratings) {
    }

    static final List<Planted> PLANTED = List.of(
            new Planted(TOY_STORY, "Toy Story", 1995, "Animation|Children|Comedy", List.of("pixar", "toys"),
                    "A cowboy doll is threatened and jealous when a new spaceman action figure replaces him as the "
                            + "favourite toy in a boy's bedroom.", 40),
            new Planted(TOY_STORY_2, "Toy Story 2", 1999, "Animation|Children|Comedy", List.of("pixar", "sequel"),
                    "When a toy collector steals the cowboy doll, the spaceman and the other toys cross the town to "
                            + "rescue their friend before he is sold to a museum.", 30),
            new Planted(TOY_MAKER, "Story of the Toy Maker, The", 1950, "Drama", List.of(),
                    "An old craftsman in a mountain village carves wooden toys for the children of a poor valley.", 3),
            new Planted(LIGHTHOUSE, "Beacon", 2004, "Drama", List.of(),
                    "An ageing lighthouse keeper on a remote northern island finds a little girl washed up on the rocks "
                            + "after a shipwreck and raises her as his own daughter, hiding her from the villagers.", 5),
            new Planted(GALAXY_RANGERS, "Galaxy Rangers", 1986, "Action|Sci-Fi", List.of("space"),
                    "A squad of young space rangers defends a mining colony on a distant moon from pirates who want "
                            + "its crystals.", 12),
            new Planted(ORCHARD_RARE, "Midnight Orchard", 2011, "Drama", List.of(),
                    "Two estranged sisters inherit their grandmother's apple orchard and must bring in the harvest "
                            + "together before the bank takes the farm.", 2),
            new Planted(ORCHARD_POPULAR, "Midnight Orchard", 2011, "Drama", List.of(),
                    "Two estranged sisters inherit their grandmother's apple orchard and must bring in the harvest "
                            + "together before the bank takes the farm.", 30));

    @Override
    public Map<String, String> start() {
        String url = EmbeddedPostgresServer.newDatabase("search");
        RecsFixture.fill(url);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             TextEmbedder embedder = TextEmbedder.usingAllCores()) {
            plant(c);
            c.setSchema("catalog");
            StoredVectors.store(c, catalogTexts(c), embedder, n -> { });
        } catch (SQLException e) {
            throw new IllegalStateException("could not build the search fixture", e);
        }
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres", "recsys.recommendations.search-refresh-millis", "300");
    }

    private static void plant(Connection c) throws SQLException {
        try (PreparedStatement movie = c.prepareStatement("INSERT INTO catalog.movies (movie_id, title, year, genres) "
                + "VALUES (?, ?, ?, string_to_array(?, '|'))");
             PreparedStatement rating = c.prepareStatement("INSERT INTO catalog.ratings (user_id, movie_id, rating, rated_at) "
                     + "VALUES (?, ?, 4, now())")) {
            for (Planted planted : PLANTED) {
                movie.setInt(1, planted.movieId());
                movie.setString(2, planted.title());
                movie.setInt(3, planted.year());
                movie.setString(4, planted.genres());
                movie.executeUpdate();
                for (int user = 1; user <= planted.ratings(); user++) {
                    rating.setInt(1, user);
                    rating.setInt(2, planted.movieId());
                    rating.executeUpdate();
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO catalog.people (person_id, name) VALUES (9000001, '" + RANGERS_DIRECTOR + "')");
            s.execute("INSERT INTO catalog.credits (movie_id, person_id, role, billing_order) VALUES ("
                    + GALAXY_RANGERS + ", 9000001, 'director', 1)");
        }
    }

    /** Every catalog movie's text as ingestion would build it: the planted ones with tags and plots, the rest titles. */
    static Map<Integer, MovieText> catalogTexts(Connection c) throws SQLException {
        Map<Integer, MovieText> texts = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT movie_id, title FROM catalog.movies ORDER BY movie_id")) {
            while (rs.next()) {
                texts.put(rs.getInt(1), MovieText.ofTitle(rs.getString(2)));
            }
        }
        for (Planted planted : PLANTED) {
            texts.put(planted.movieId(), new MovieText(planted.title(), planted.tags(), List.of(), planted.plot()));
        }
        return texts;
    }

    @Override
    public void stop() {
        // The embedded server lives for the whole JVM.
    }
}
