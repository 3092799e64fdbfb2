package dev.recsys.testing;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Fills catalog tables from a generated MovieLens CSV release (movies.csv, ratings.csv), for tests
 * of the services that read the catalog without running ingestion-service.
 */
public final class CatalogTables {

    private CatalogTables() {
    }

    public static void load(Connection c, Path release) throws IOException, SQLException {
        List<String> lines = Files.readAllLines(release.resolve("movies.csv"), StandardCharsets.UTF_8);
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
        List<String> ratings = Files.readAllLines(release.resolve("ratings.csv"), StandardCharsets.UTF_8);
        for (String line : ratings.subList(1, ratings.size())) {
            String[] f = line.split(",");
            copy.append(f[0]).append('\t').append(f[1]).append('\t').append(f[2]).append('\t')
                    .append(Instant.ofEpochSecond(Long.parseLong(f[3]))).append('\n');
        }
        c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY catalog.ratings (user_id, movie_id, rating, rated_at) FROM STDIN", new StringReader(copy.toString()));
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO catalog.users (user_id) SELECT DISTINCT user_id FROM catalog.ratings")) {
            ps.executeUpdate();
        }
    }
}
