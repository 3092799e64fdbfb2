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
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Freezes the server as a hung host, a full disk or a network partition would: the postmaster and
     * every process it started get SIGSTOP, so connections stay open (and new ones are accepted by the
     * kernel) but nothing answers until {@link #thaw}. Callers must thaw in a finally block.
     */
    public synchronized void freeze() {
        long postmaster = postmasterPid();
        signal("STOP", List.of(postmaster), true);   // first, so that it starts no new backend meanwhile
        signal("STOP", children(postmaster), false);
    }

    /** Lets a frozen server run again. */
    public synchronized void thaw() {
        long postmaster = postmasterPid();
        signal("CONT", children(postmaster), false);
        signal("CONT", List.of(postmaster), true);
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running in " + dataDir, e);
        }
    }

    private static List<Long> children(long pid) {
        return ProcessHandle.of(pid).map(p -> p.children().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    /** Sends the signal; {@code required}: fail when a process is gone (a backend may exit meanwhile). */
    private static void signal(String signal, List<Long> pids, boolean required) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0 && required) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
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
