package dev.recsys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The platform's job APIs over HTTP with the admin token: start a job (an ingestion, a training
 * run, a batch run), wait for it, and wait for a service to be ready. Needs only a JDK, so the
 * weekly chain runs the same way in every image, on a laptop and in the tests.
 */
public final class PlatformClient {

    /** A step could not be done; the message says which and why (the job's own error when it failed). */
    public static final class StepFailed extends RuntimeException {
        public StepFailed(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a job's status may answer 503 (its service cannot reach the database a moment: a new
     * connection slow to open on a loaded node) before the wait gives up: the job itself goes on meanwhile.
     */
    static final Duration UNAVAILABLE_PATIENCE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;
    private final Duration pollInterval;

    public PlatformClient(String token, Duration pollInterval) {
        this.token = token;
        this.pollInterval = pollInterval;
    }

    /**
     * POSTs {@code body} to {@code baseUrl + jobsPath}, then polls the job until it ends. Returns the
     * finished job when it SUCCEEDED; throws {@link StepFailed} with the HTTP answer when the job
     * was refused, or with the job's status and error when it failed or was cancelled.
     */
    public JsonNode runJob(String baseUrl, String jobsPath, String body, Duration timeout, Consumer<String> log) {
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(baseUrl + jobsPath))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), baseUrl + jobsPath);
        if (started.statusCode() != 202) {
            throw new StepFailed("POST " + baseUrl + jobsPath + " was refused (HTTP " + started.statusCode() + "): "
                    + started.body());
        }
        String jobUrl = baseUrl + jobsPath + "/" + read(started.body(), baseUrl + jobsPath).path("id").asLong();
        log.accept("started " + jobUrl);
        JsonNode job = JobPolling.awaitFinished(jobUrl, timeout, pollInterval, () -> jobStatus(jobUrl, log),
                node -> node.path("status").asText());
        String status = job.path("status").asText();
        if (!status.equals("SUCCEEDED")) {
            throw new StepFailed(jobUrl + " ended " + status + ": " + job.path("error").asText("(no error given)"));
        }
        return job;
    }

    /** GETs {@code url} as JSON with the token; throws {@link StepFailed} unless it answers 200. */
    public JsonNode getJson(String url) {
        return checked(send(HttpRequest.newBuilder(URI.create(url)).GET(), url), url);
    }

    private static JsonNode checked(HttpResponse<String> response, String url) {
        if (response.statusCode() != 200) {
            throw new StepFailed("GET " + url + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return read(response.body(), url);
    }

    /**
     * The job at {@code jobUrl}; a 503 is asked again after the poll interval, for at most
     * {@link #UNAVAILABLE_PATIENCE} in a row, then fails like {@link #getJson}.
     */
    private JsonNode jobStatus(String jobUrl, Consumer<String> log) {
        long giveUpAt = System.nanoTime() + UNAVAILABLE_PATIENCE.toNanos();
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(jobUrl)).GET(), jobUrl);
            if (response.statusCode() != 503 || System.nanoTime() > giveUpAt) {
                return checked(response, jobUrl);
            }
            log.accept("GET " + jobUrl + " answered HTTP 503; asking again: " + response.body());
            sleep();
        }
    }

    /**
     * Waits until {@code baseUrl}/q/health/ready answers 200 and {@code ready} accepts its body;
     * throws {@link StepFailed} with the last answer (or the connection error) when {@code timeout}
     * passes first.
     */
    public JsonNode awaitReady(String baseUrl, Duration timeout, Predicate<JsonNode> ready) {
        String url = baseUrl + "/q/health/ready";
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                last = "HTTP " + response.statusCode() + " " + response.body();
                if (response.statusCode() == 200) {
                    JsonNode health = read(response.body(), url);
                    if (ready.test(health)) {
                        return health;
                    }
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted while waiting for " + url);
            }
            if (System.nanoTime() > deadline) {
                throw new StepFailed(url + " is not ready after " + timeout.toSeconds() + " s; last answer: " + last);
            }
            sleep();
        }
    }

    /** The model version a service's readiness check reports as loaded, if it names one. */
    public static Optional<Long> loadedModelVersion(JsonNode health) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals("model") && check.path("data").path("version").isNumber()) {
                return Optional.of(check.path("data").path("version").asLong());
            }
        }
        return Optional.empty();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String url) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StepFailed("cannot reach " + url + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted while calling " + url);
        }
    }

    private static JsonNode read(String body, String url) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new StepFailed(url + " did not answer JSON: " + body);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
        }
    }
}
