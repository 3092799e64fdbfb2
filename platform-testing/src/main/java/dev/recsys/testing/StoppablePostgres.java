package dev.recsys.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server of its own that a test can stop and start again (same port, same data), to
 * check what a service does through a database outage. The shared {@link EmbeddedPostgresServer}
 * must never be stopped: other test classes use it.
 */
public final class StoppablePostgres {

    private static StoppablePostgres instance;

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private StoppablePostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** The one stoppable server of this JVM, started on first use with a database named {@code test}. */
    public static synchronized StoppablePostgres get() {
        if (instance == null) {
            try (ServerSocket socket = new ServerSocket(0)) {
                instance = new StoppablePostgres(Files.createTempDirectory("stoppable-pg"), socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            instance.start();
            try (Connection c = instance.server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE test");
            } catch (SQLException e) {
                throw new IllegalStateException("could not create the test database", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/test?user=postgres";
    }

    /** Starts the server (again), on the same port and data directory. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("fsync", "off").start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL on port " + port, e);
        }
    }

    /** Stops the server: every connection is closed and new ones are refused until {@link #start}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL", e);
        } finally {
            server = null;
        }
    }
}
