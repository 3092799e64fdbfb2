package dev.recsys.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP steps of {@code make up} and the benchmarks, in Java so that a machine with only a JDK
 * and Maven (no curl) can run them.
 *
 * <pre>
 * LocalStackClient wait-port HOST PORT SECONDS
 * LocalStackClient wait-healthy URL SECONDS
 * LocalStackClient ingest BASE_URL TOKEN SOURCE LOCATION   (waits for the job; exits 1 if it failed)
 * LocalStackClient job BASE_URL JOBS_PATH TOKEN JSON_BODY   (any job resource: POST, then wait for it)
 *
 * The job commands print the finished job's JSON on stdout, for jq.
 * </pre>
 */
public final class LocalStackClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A job at full ml-25m scale takes well under an hour here; this only stops a script that would hang. */
    private static final Duration JOB_TIMEOUT = Duration.ofHours(12);

    private LocalStackClient() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "wait-port" -> waitPort(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "wait-healthy" -> waitHealthy(args[1], Integer.parseInt(args[2]));
            case "ingest" -> System.exit(ingest(args[1], args[2], args[3], args[4]));
            case "job" -> System.exit(runJob(args[1], args[2], args[3], args[4]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void waitPort(String host, int port, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket(host, port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        fail("nothing listens on " + host + ":" + port + " after " + seconds + " s");
    }

    private static void waitHealthy(String url, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        fail(url + " is not healthy after " + seconds + " s");
    }

    private static int ingest(String baseUrl, String token, String source, String location) throws Exception {
        String body = JSON.writeValueAsString(Map.of("source", source, "location", location));
        return runJob(baseUrl, "/api/v1/ingestions", token, body);
    }

    /** POSTs the job, waits for it, and prints its final JSON on stdout (progress goes to stderr). */
    private static int runJob(String baseUrl, String jobsPath, String token, String body) throws Exception {
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + jobsPath))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            System.err.println("job refused (HTTP " + started.statusCode() + "): " + started.body());
            return 1;
        }
        String jobUrl = baseUrl + jobsPath + "/" + JSON.readTree(started.body()).path("id").asLong();
        System.err.println("job started: " + jobUrl);
        JsonNode job = JobPolling.awaitFinished(jobUrl, JOB_TIMEOUT, Duration.ofSeconds(1), () -> get(jobUrl, token),
                node -> node.path("status").asText());
        if (job.path("status").asText().equals("SUCCEEDED")) {
            System.out.println(job);
            return 0;
        }
        System.err.println(job);
        return 1;
    }

    private static JsonNode get(String url, String token) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
