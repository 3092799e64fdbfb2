package dev.recsys.training;

import dev.recsys.sample.SampleDataGenerator;
import dev.recsys.testing.CatalogTables;
import dev.recsys.testing.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * A database with the catalog schema (the real migrations from catalog-schema) filled with a
 * generated catalog, for services that read the catalog. {@code ratings=0} gives an empty catalog.
 */
public class CatalogFixture implements QuarkusTestResourceLifecycleManager {

    private int users = 300;
    private int movies = 800;
    private int ratings = 30_000;
    /** With the generated IMDb dumps (every 10th movie left without an IMDb rating, as if not yet released). */
    private boolean imdb;

    @Override
    public void init(Map<String, String> args) {
        users = Integer.parseInt(args.getOrDefault("users", "" + users));
        movies = Integer.parseInt(args.getOrDefault("movies", "" + movies));
        ratings = Integer.parseInt(args.getOrDefault("ratings", "" + ratings));
        imdb = Boolean.parseBoolean(args.getOrDefault("imdb", "false"));
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
        CatalogTables.load(c, dir);
        if (imdb) {
            CatalogTables.loadImdb(c, dir, 10);
        }
    }

    @Override
    public void stop() {
        // The embedded server lives for the whole JVM.
    }
}
