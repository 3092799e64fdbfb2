package dev.recsys.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database of the local stack ({@code make up}): a real PostgreSQL from the embedded
 * binaries, data kept in a directory so that {@code make down} / {@code make up} keeps the catalog.
 *
 * <p>Usage: {@code LocalPostgres <data-dir> <port> <database>}. Runs until killed.
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws IOException, SQLException, InterruptedException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : ".local/pgdata").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 55432;
        String database = args.length > 2 ? args[2] : "recsys";
        Files.createDirectories(dataDir);

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                // Only this machine's clients: the local stack's database has a well-known password.
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }));
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
        }
        System.out.println("PostgreSQL ready: " + postgres.getJdbcUrl("postgres", database)
                + " (user postgres, password postgres, data in " + dataDir + ")");
        Thread.currentThread().join();
    }
}
