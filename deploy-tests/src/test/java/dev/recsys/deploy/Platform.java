package dev.recsys.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the deployment must agree with: the services, their ports and images, the variables they read. */
final class Platform {

    /** One of the four services. */
    record Service(String name, int port, String component) {

        String image() {
            return "recsys/" + name + ":" + Repo.version();
        }
    }

    static final Service RECOMMENDATION = new Service("recommendation-service", 8080, "api");
    static final Service INGESTION = new Service("ingestion-service", 8081, "ingestion");
    static final Service TRAINING = new Service("training-service", 8082, "training");
    static final Service MODEL = new Service("model-service", 8083, "model-serving");

    static final List<Service> SERVICES = List.of(RECOMMENDATION, INGESTION, TRAINING, MODEL);

    /** Reachable from recsys pods only; recommendation-service is the public one. */
    static final List<Service> INTERNAL_SERVICES = List.of(INGESTION, TRAINING, MODEL);

    /** Scaled by a HorizontalPodAutoscaler. */
    static final List<Service> AUTOSCALED = List.of(MODEL, RECOMMENDATION);

    static final String POSTGRES_IMAGE = "postgres:16";
    static final String NAMESPACE = "recsys";
    static final String CONFIG_MAP = "recsys-config";
    static final String SECRET = "recsys-secrets";
    static final Set<String> SECRET_KEYS = Set.of("db-username", "db-password", "admin-token", "api-tokens");
    /** Keys the workloads read only when present (secretKeyRef optional): read tokens turn on when set. */
    static final Set<String> OPTIONAL_SECRET_KEYS = Set.of("api-tokens");
    static final String WEEKLY_CRONJOB = "recsys-weekly";
    static final String SHARDED_JOB = "recsys-batch-sharded";
    static final String SAMPLE_LOAD_JOB = "recsys-sample-load";
    static final String SAMPLE_LOADER_SCRIPT = "/opt/recsys/bin/load-sample.sh";
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String NAME = "app.kubernetes.io/name";
    static final String COMPONENT = "app.kubernetes.io/component";

    /** The variables the services read (README, docs/deployment.md and the services' configuration). */
    static final Set<String> SERVICE_ENV = Set.of(
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_HTTP_PORT", "QUARKUS_LOG_LEVEL", "RECSYS_ADMIN_TOKEN", "RECSYS_API_TOKENS",
            "RECSYS_INGESTION_MAX_DOWNLOAD_BYTES", "RECSYS_INGESTION_DOWNLOAD_DIR",
            "RECSYS_INGESTION_HEARTBEAT_TIMEOUT_SECONDS", "RECSYS_INGESTION_ALLOWED_DIRS", "RECSYS_INGESTION_ALLOWED_HOSTS",
            "RECSYS_INGESTION_DOWNLOAD_CONNECT_TIMEOUT", "RECSYS_INGESTION_DOWNLOAD_IDLE_TIMEOUT",
            "RECSYS_INGESTION_DOWNLOAD_DEADLINE", "RECSYS_RECOMMENDATIONS_RECONNECT_MILLIS",
            "RECSYS_TRAINING_MAX_RANKING_USERS", "RECSYS_TRAINING_HEARTBEAT_TIMEOUT_SECONDS",
            "RECSYS_BATCH_HEARTBEAT_TIMEOUT_SECONDS",
            "RECSYS_BATCH_SHARDS", "RECSYS_BATCH_SHARD_INDEX", "RECSYS_BATCH_ITEMS_PER_USER",
            "RECSYS_RECOMMENDATIONS_SERVING_RUN_CHECK_MILLIS",
            "RECSYS_RATE_LIMIT_PER_SECOND", "RECSYS_RATE_LIMIT_BURST",
            "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED",
            "DJL_OFFLINE", "OPT_OUT_TRACKING");

    /** Variables that make a service run once and exit: never in a Deployment or the shared ConfigMap. */
    static final Set<String> ONE_SHOT_ENV = Set.of("RECSYS_BATCH_SHARDS", "RECSYS_BATCH_SHARD_INDEX");

    /** The weekly chain's launcher in the ingestion image (the CronJob runs it). */
    static final String WEEKLY_SCRIPT = "/opt/recsys/bin/weekly.sh";
    /** The scripts that run the weekly chain (dev.recsys.client.WeeklyChain) instead of a service. */
    static final Set<String> CHAIN_SCRIPTS = Set.of(SAMPLE_LOADER_SCRIPT, WEEKLY_SCRIPT);

    /** What the weekly chain reads (SAMPLE_DIR: the sample loader only). */
    static final Set<String> CHAIN_ENV = Set.of(
            "INGESTION_URL", "TRAINING_URL", "RECOMMENDATION_URL", "RECSYS_ADMIN_TOKEN", "SAMPLE_DIR",
            "WEEKLY_SOURCES", "WEEKLY_ACTIVATE", "BATCH_LIMIT", "WEEKLY_READY_SECONDS");

    /** What the postgres:16 image reads. */
    static final Set<String> POSTGRES_ENV = Set.of("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "PGDATA");

    /** The chain's variable for each service it calls. */
    static final Map<String, Service> CHAIN_URLS = Map.of(
            "INGESTION_URL", INGESTION, "TRAINING_URL", TRAINING, "RECOMMENDATION_URL", RECOMMENDATION);

    static Optional<Service> serviceNamed(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    static Optional<Service> serviceOfImage(String image) {
        return SERVICES.stream().filter(s -> s.image().equals(image)).findFirst();
    }

    /** The variable names a container with this image may set. */
    static Set<String> allowedEnv(String image, boolean chain) {
        if (POSTGRES_IMAGE.equals(image)) {
            return POSTGRES_ENV;
        }
        return chain ? CHAIN_ENV : SERVICE_ENV;
    }

    private Platform() {
    }
}
