package dev.recsys.recommendation;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.PlantedRatings;
import dev.recsys.testing.CatalogTables;
import dev.recsys.testing.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A catalog with planted tastes, and an active model trained on it: users 1-200 each like one of two
 * clusters (even users Comedy movies 1-100, odd users Horror movies 101-200), and everyone watches the
 * Action blockbusters 201-220 without liking them. User 300 rated every movie but 201-220 and 1-5.
 * Live lists start ranking with the best {@link #FIRST_CUT} movies, so a heavy user outgrows the cut.
 */
public class PlantedFixture implements QuarkusTestResourceLifecycleManager {

    static final int FIRST_CUT = 50;
    static final int HEAVY_USER = 300;

    @Override
    public Map<String, String> start() {
        String url = EmbeddedPostgresServer.newDatabase("planted");
        RecsFixture.migrate(url);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            Path dir = Files.createTempDirectory("planted-fixture");
            List<String> movies = new ArrayList<>(List.of("movieId,title,genres"));
            ItemContent[] content = new ItemContent[220];
            for (int m = 1; m <= 220; m++) {
                String genre = m <= 100 ? "Comedy" : m <= 200 ? "Horror" : "Action";
                movies.add(m + ",Movie " + m + " (2000)," + genre);
                content[m - 1] = new ItemContent(List.of(genre), "Movie " + m, List.of(), List.of(), List.of(), 2000,
                        null, null, null);
            }
            PlantedRatings planted = new PlantedRatings();
            List<String> ratings = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
            SplittableRandom random = new SplittableRandom(11);
            for (int user = 1; user <= 200; user++) {
                int first = user % 2 == 0 ? 1 : 101;
                for (int movie = 1; movie <= 220; movie++) {
                    boolean own = movie >= first && movie < first + 100;
                    boolean blockbuster = movie > 200;
                    if (own ? random.nextDouble() < 0.25 : blockbuster && random.nextDouble() < 0.8) {
                        double value = own ? (random.nextBoolean() ? 4 : 5) : (random.nextBoolean() ? 2 : 3);
                        planted.add(user, movie, value);
                        ratings.add(user + "," + movie + "," + value + "," + (1_000_000 + movie));
                    }
                }
            }
            for (int movie = 6; movie <= 200; movie++) {
                double value = movie <= 100 ? 4 : 3;
                planted.add(HEAVY_USER, movie, value);
                ratings.add(HEAVY_USER + "," + movie + "," + value + "," + (1_000_000 + movie));
            }
            Files.write(dir.resolve("movies.csv"), movies, StandardCharsets.UTF_8);
            Files.write(dir.resolve("ratings.csv"), ratings, StandardCharsets.UTF_8);
            CatalogTables.load(c, dir);
            int[] movieIds = new int[220];
            Arrays.setAll(movieIds, i -> i + 1);
            try (HybridModel model = PlantedRatings.train(planted.data(movieIds), content, 10)) {
                RecsFixture.registerActive(c, model);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not build the planted fixture", e);
        }
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres", "recsys.recommendations.live-first-cut", "" + FIRST_CUT);
    }

    @Override
    public void stop() {
        // The embedded server lives for the whole JVM.
    }
}
