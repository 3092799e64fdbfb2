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
 * Fills catalog tables from a generated MovieLens CSV release (movies.csv, ratings.csv) and, with
 * {@link #loadImdb}, its IMDb dumps, for tests of the services that read the catalog without
 * running ingestion-service.
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

    /**
     * Adds what the release's generated IMDb dumps say of its movies: IMDb id, runtime, rating and votes
     * (left out for every {@code unratedEvery}-th movie, as for one not yet released; 0: none left out),
     * people and credits in billing order. Call after {@link #load}.
     */
    public static void loadImdb(Connection c, Path release, int unratedEvery) throws IOException, SQLException {
        java.util.Map<String, Integer> movieOf = new java.util.HashMap<>();
        List<String> links = Files.readAllLines(release.resolve("links.csv"), StandardCharsets.UTF_8);
        for (String line : links.subList(1, links.size())) {
            String[] f = line.split(",");
            movieOf.put("tt" + f[1], Integer.parseInt(f[0]));
        }
        java.util.Map<String, String[]> ratings = new java.util.HashMap<>();
        SqlRows.each(release, "title.ratings.tsv.gz", f -> ratings.put(f[0], f));
        try (PreparedStatement ps = c.prepareStatement("UPDATE catalog.movies SET imdb_id = ?, runtime_minutes = ?, "
                + "imdb_rating = ?, imdb_votes = ? WHERE movie_id = ?")) {
            int[] n = {0};
            SqlRows.each(release, "title.basics.tsv.gz", f -> {
                Integer movieId = movieOf.get(f[0]);
                if (movieId == null) {
                    return;
                }
                String[] rating = ratings.get(f[0]);
                boolean unrated = rating == null || unratedEvery > 0 && n[0]++ % unratedEvery == 0;
                ps.setInt(1, Integer.parseInt(f[0].substring(2)));
                ps.setObject(2, f[7].equals("\\N") ? null : Integer.parseInt(f[7]));
                ps.setObject(3, unrated ? null : Float.parseFloat(rating[1]));
                ps.setObject(4, unrated ? null : Integer.parseInt(rating[2]));
                ps.setInt(5, movieId);
                ps.addBatch();
            });
            ps.executeBatch();
        }
        java.util.Map<String, String> names = new java.util.HashMap<>();
        SqlRows.each(release, "name.basics.tsv.gz", f -> names.put(f[0], f[1]));
        java.util.Set<String> people = new java.util.HashSet<>();
        try (PreparedStatement person = c.prepareStatement("INSERT INTO catalog.people (person_id, name) VALUES (?, ?) "
                + "ON CONFLICT DO NOTHING");
             PreparedStatement credit = c.prepareStatement("INSERT INTO catalog.credits (movie_id, person_id, role, "
                     + "billing_order) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            SqlRows.each(release, "title.principals.tsv.gz", f -> {
                Integer movieId = movieOf.get(f[0]);
                String role = switch (f[3]) {
                    case "actor", "actress" -> "actor";
                    case "director", "writer" -> f[3];
                    default -> null;
                };
                if (movieId == null || role == null) {
                    return;
                }
                int personId = Integer.parseInt(f[2].substring(2));
                if (people.add(f[2])) {
                    person.setInt(1, personId);
                    person.setString(2, names.getOrDefault(f[2], f[2]));
                    person.addBatch();
                }
                credit.setInt(1, movieId);
                credit.setInt(2, personId);
                credit.setString(3, role);
                credit.setInt(4, Integer.parseInt(f[1]));
                credit.addBatch();
            });
            person.executeBatch();
            credit.executeBatch();
        }
    }

    /** A loop over a gzipped TSV dump's rows (after its header) whose body may write to the database. */
    private static final class SqlRows {

        interface Row {
            void accept(String[] fields) throws SQLException;
        }

        static void each(Path release, String file, Row row) throws IOException, SQLException {
            try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    new java.util.zip.GZIPInputStream(Files.newInputStream(release.resolve(file))), StandardCharsets.UTF_8))) {
                in.readLine();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    row.accept(line.split("\t", -1));
                }
            }
        }
    }
}
