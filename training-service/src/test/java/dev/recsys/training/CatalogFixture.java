package dev.recsys.training;

import dev.recsys.sample.SampleDataGenerator;
import dev.recsys.testing.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * A database with the catalog schema (the real migrations from catalog-schema) filled with a
 * generated catalog, for services that read the catalog. {@code ratings=0} gives an empty catalog.
 */
public class CatalogFixture implements QuarkusTestResourceLifecycleManager {

    private int users = 300;
    private int movies = 800;
    private int ratings = 30_000;

    @Override
    public void init(Map<String, String> args) {
        users = Integer.parseInt(args.getOrDefault("users", "" + users));
        movies = Integer.parseInt(args.getOrDefault("movies", "" + movies));
        ratings = Integer.parseInt(args.getOrDefault("ratings", "" + ratings));
    }

    @Override
    public Map<String, String> start() {
        String url = EmbeddedPostgresServer.newDatabase("training");
        Flyway.configure().dataSource(url, "postgres", "postgres").schemas("catalog").defaultSchema("catalog")
                .locations("classpath:db/catalog").load().migrate();
        if (ratings > 0) {
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
                load(c, Files.createTempDirectory("catalog-fixture"));
            } catch (SQLException e) {
                throw new IllegalStateException("could not fill the catalog", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    private void load(Connection c, Path dir) throws IOException, SQLException {
        new SampleDataGenerator(SampleDataGenerator.Options.small(dir).withSize(users, movies, ratings)).write();
        List<String> lines = Files.readAllLines(dir.resolve("movies.csv"), StandardCharsets.UTF_8);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO catalog.movies (movie_id, title, year, genres) VALUES (?, ?, ?, string_to_array(?, '|'))")) {
            for (String line : lines.subList(1, lines.size())) {
                int first = line.indexOf(',');
                int last = line.lastIndexOf(',');
                String title = line.substring(first + 1, last).replace("\"", "");
                ps.setInt(1, Integer.parseInt(line.substring(0, first)));
                ps.setString(2, title.substring(0, title.lastIndexOf(" (")));
                ps.setInt(3, Integer.parseInt(title.substring(title.lastIndexOf('(') + 1, title.lastIndexOf(')'))));
                ps.setString(4, line.substring(last + 1));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        StringBuilder copy = new StringBuilder();
        List<String> ratingLines = Files.readAllLines(dir.resolve("ratings.csv"), StandardCharsets.UTF_8);
        for (String line : ratingLines.subList(1, ratingLines.size())) {
            String[] f = line.split(",");
            copy.append(f[0]).append('\t').append(f[1]).append('\t').append(f[2]).append('\t')
                    .append(Instant.ofEpochSecond(Long.parseLong(f[3])))
                    .append('\n');
        }
        c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY catalog.ratings (user_id, movie_id, rating, rated_at) FROM STDIN", new StringReader(copy.toString()));
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO catalog.users (user_id) SELECT DISTINCT user_id FROM catalog.ratings")) {
            ps.executeUpdate();
        }
    }

    @Override
    public void stop() {
        // The embedded server lives for the whole JVM.
    }
}
