package dev.recsys.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The weekly job, and the one implementation of it: ingest the configured sources (if any), train
 * (activating the new version if it beats the active one, or always), wait until the
 * recommendation service serves the active version, then compute every user's top-N. The first
 * step that fails stops the chain: nothing after it runs, the active model and lists keep serving,
 * and the process exits 1 with the reason as its last log line.
 *
 * <p>Everything runs it: {@code make weekly} and {@code make up} (scripts), docker compose's
 * sample-loader and the Kubernetes sample-load Job ({@code /opt/recsys/bin/load-sample.sh}), and
 * the weekly CronJob ({@code /opt/recsys/bin/weekly.sh}). Settings come from the environment:
 *
 * <pre>
 * RECSYS_ADMIN_TOKEN      the admin token (required)
 * INGESTION_URL           default http://localhost:8081
 * TRAINING_URL            default http://localhost:8082
 * RECOMMENDATION_URL      default http://localhost:8080
 * WEEKLY_SOURCES          space-separated source=location pairs, in order (default: none), e.g.
 *                         "movielens=https://files.grouplens.org/datasets/movielens/ml-latest.zip imdb=/data/imdb"
 * WEEKLY_ACTIVATE         if-better (default) or always
 * BATCH_LIMIT             movies per user in the batch lists (default 100)
 * WEEKLY_READY_SECONDS    how long to wait for each service to be ready (default 600)
 * </pre>
 */
public final class WeeklyChain {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Only stops a chain that would hang: ml-25m trains in well under an hour on two cores. */
    private static final Duration JOB_TIMEOUT = Duration.ofHours(12);

    /** One source to ingest: {@code movielens} or {@code imdb}, and where ingestion-service reads it. */
    public record Source(String source, String location) {
    }

    /** What the chain does and where the services are. */
    public record Settings(String ingestionUrl, String trainingUrl, String recommendationUrl, String adminToken,
                           List<Source> sources, String activate, int batchLimit, Duration readyTimeout,
                           Duration pollInterval) {

        public Settings {
            if (adminToken == null || adminToken.isBlank()) {
                throw new IllegalArgumentException("RECSYS_ADMIN_TOKEN must be set: the chain's jobs need the admin token");
            }
            if (!activate.equals("if-better") && !activate.equals("always")) {
                throw new IllegalArgumentException("WEEKLY_ACTIVATE must be if-better or always, not '" + activate + "'");
            }
            if (batchLimit < 1) {
                throw new IllegalArgumentException("BATCH_LIMIT must be at least 1, not " + batchLimit);
            }
            sources = List.copyOf(sources);
        }

        /** The settings in {@code env} (see the class comment); throws {@link IllegalArgumentException} naming the bad variable. */
        public static Settings fromEnvironment(Map<String, String> env) {
            return new Settings(
                    env.getOrDefault("INGESTION_URL", "http://localhost:8081"),
                    env.getOrDefault("TRAINING_URL", "http://localhost:8082"),
                    env.getOrDefault("RECOMMENDATION_URL", "http://localhost:8080"),
                    env.get("RECSYS_ADMIN_TOKEN"),
                    parseSources(env.getOrDefault("WEEKLY_SOURCES", "")),
                    env.getOrDefault("WEEKLY_ACTIVATE", "if-better"),
                    integer(env, "BATCH_LIMIT", 100),
                    Duration.ofSeconds(integer(env, "WEEKLY_READY_SECONDS", 600)),
                    Duration.ofSeconds(1));
        }

        /** "movielens=LOCATION imdb=LOCATION": space-separated pairs; throws naming the pair that is not one. */
        public static List<Source> parseSources(String pairs) {
            List<Source> sources = new ArrayList<>();
            for (String pair : pairs.trim().split("\\s+")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String source = equals < 0 ? "" : pair.substring(0, equals);
                if (!source.equals("movielens") && !source.equals("imdb")) {
                    throw new IllegalArgumentException("WEEKLY_SOURCES: '" + pair
                            + "' is not source=location with source movielens or imdb");
                }
                if (equals == pair.length() - 1) {
                    throw new IllegalArgumentException("WEEKLY_SOURCES: '" + pair + "' has no location");
                }
                sources.add(new Source(source, pair.substring(equals + 1)));
            }
            return sources;
        }

        private static int integer(Map<String, String> env, String name, int fallback) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
            }
        }
    }

    private final Settings settings;
    private final PlatformClient client;
    private final Consumer<String> log;

    public WeeklyChain(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.client = new PlatformClient(settings.adminToken(), settings.pollInterval());
        this.log = log;
    }

    public static void main(String[] args) {
        Consumer<String> log = line -> System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
        try {
            new WeeklyChain(Settings.fromEnvironment(System.getenv()), log).run();
        } catch (IllegalArgumentException | PlatformClient.StepFailed | AssertionError e) {
            log.accept("weekly chain FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs every step; throws {@link PlatformClient.StepFailed} (or AssertionError on a job timeout) at the first that fails. */
    public void run() {
        if (!settings.sources().isEmpty()) {
            client.awaitReady(settings.ingestionUrl(), settings.readyTimeout(), health -> true);
        }
        for (Source source : settings.sources()) {
            log.accept("ingesting " + source.source() + " from " + source.location());
            ObjectNode body = JSON.createObjectNode().put("source", source.source()).put("location", source.location());
            JsonNode job = client.runJob(settings.ingestionUrl(), "/api/v1/ingestions", body.toString(), JOB_TIMEOUT, log);
            log.accept("ingested: " + job.path("counts"));
        }

        client.awaitReady(settings.trainingUrl(), settings.readyTimeout(), health -> true);
        log.accept("training (activate: " + settings.activate() + ")");
        String trainingBody = JSON.createObjectNode().put("activate", settings.activate()).toString();
        JsonNode run = client.runJob(settings.trainingUrl(), "/api/v1/training-runs", trainingBody, JOB_TIMEOUT, log);
        boolean activated = run.path("activated").asBoolean(false);
        long version = run.path("modelVersion").asLong(-1);
        log.accept(activated ? "model version " + version + " is active"
                : "model version " + version + " did not beat the active version and was not activated;"
                + " the active version keeps serving (metrics: " + settings.trainingUrl() + "/api/v1/training-runs/"
                + run.path("id").asLong() + ")");

        // The recommendation service loads a newly active version within seconds (LISTEN/NOTIFY);
        // the batch must not start on the previous one.
        log.accept("waiting for recommendation-service to serve " + (activated ? "version " + version : "the active model"));
        client.awaitReady(settings.recommendationUrl(), settings.readyTimeout(),
                health -> !activated || PlatformClient.loadedModelVersion(health).orElse(-1L) == version);

        log.accept("computing every user's top-" + settings.batchLimit());
        String batchBody = JSON.createObjectNode().put("limit", settings.batchLimit()).toString();
        JsonNode batch = client.runJob(settings.recommendationUrl(), "/api/v1/batch-runs", batchBody, JOB_TIMEOUT, log);
        log.accept("batch done: " + batch.path("users").asText("?") + " users, model version "
                + batch.path("modelVersion").asText("?"));
        log.accept("weekly chain done");
    }
}
