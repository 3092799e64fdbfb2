package dev.recsys.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The four services' packaged jars, each started as its own JVM process against one database, with
 * logs in files. {@link #close()} stops them all.
 */
final class ServiceProcesses implements AutoCloseable {

    static final String ADMIN_TOKEN = "e2e-admin-token";
    static final List<String> SERVICES = List.of("ingestion-service", "training-service", "model-service",
            "recommendation-service");

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Path logs;

    private ServiceProcesses(Path logs) {
        this.logs = logs;
    }

    static ServiceProcesses start(Path repositoryRoot, Path logs, String jdbcUrl) throws IOException {
        Files.createDirectories(logs);
        ServiceProcesses stack = new ServiceProcesses(logs);
        // Also when the test JVM is stopped from outside (a CI timeout): no service outlives it.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stop-services"));
        try {
            for (String service : SERVICES) {
                Path jar = repositoryRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " is missing: build the services first (mvn install)");
                }
                int port = freePort();
                ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(logs.resolve(service + ".log").toFile());
                Map<String, String> env = builder.environment();
                env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
                env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
                env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
                env.put("RECSYS_ADMIN_TOKEN", ADMIN_TOKEN);
                env.put("RECSYS_INGESTION_ALLOWED_DIRS", System.getProperty("java.io.tmpdir") + ","
                        + Path.of("target").toAbsolutePath());
                env.put("DJL_OFFLINE", "true");
                env.put("OPT_OUT_TRACKING", "true");
                stack.ports.put(service, port);
                stack.processes.put(service, builder.start());
            }
            for (String service : SERVICES) {
                stack.awaitReady(service, Duration.ofSeconds(180));
            }
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.close();
            throw e;
        }
    }

    String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    int port(String service) {
        return ports.get(service);
    }

    /** The last lines of a service's log, for failure messages. */
    String logTail(String service) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(service + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitReady(String service, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create(url(service) + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!processes.get(service).isAlive()) {
                throw new IllegalStateException(service + " exited with " + processes.get(service).exitValue()
                        + ":\n" + logTail(service));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service, e);
            }
            sleep(500);
        }
        throw new IllegalStateException(service + " not ready after " + timeout.toSeconds() + " s:\n" + logTail(service));
    }

    @Override
    public void close() {
        List<Process> running = new ArrayList<>(processes.values());
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
