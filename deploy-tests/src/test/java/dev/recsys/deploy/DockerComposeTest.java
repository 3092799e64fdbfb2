package dev.recsys.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml runs the same images as k8s/, waits for health, and loads the sample once. */
class DockerComposeTest {

    private static final String SAMPLE_LOADER = "sample-loader";
    private static final String POSTGRES = "postgres";

    private static Path file;
    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        file = Repo.root().resolve("docker-compose.yml");
        assertTrue(Files.isRegularFile(file), "docker-compose.yml is missing at the repository root");
        compose = new YAMLMapper().readTree(file.toFile());
    }

    @Test
    void usesTheComposeSpecificationWithTheExpectedServices() {
        assertFalse(compose.has("version"), "docker-compose.yml: the Compose Specification has no top-level version key");
        Set<String> expected = new TreeSet<>(List.of(POSTGRES, SAMPLE_LOADER));
        Platform.SERVICES.forEach(s -> expected.add(s.name()));
        Set<String> actual = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(actual::add);
        assertEquals(expected, actual, "docker-compose.yml services");
    }

    @Test
    void imagesAreTheOnesKubernetesRuns() {
        Manifests dev = Kustomize.render(Kustomize.DEV);
        for (Platform.Service s : Platform.SERVICES) {
            String image = service(s.name()).path("image").asText();
            assertEquals(s.image(), image, "docker-compose.yml " + s.name() + " image");
            String k8s = dev.workload("Deployment", s.name()).pod().getContainers().get(0).getImage();
            assertEquals(k8s, image, "docker-compose.yml " + s.name() + " runs another image than Deployment/" + s.name());
        }
        assertEquals(Platform.INGESTION.image(), service(SAMPLE_LOADER).path("image").asText(), "sample-loader image");
        // POSTGRES_IMAGE lets the container tests substitute a local image; unset, it is the dev overlay's.
        assertEquals("${POSTGRES_IMAGE:-" + Platform.POSTGRES_IMAGE + "}", service(POSTGRES).path("image").asText(),
                "postgres image");
    }

    @Test
    void postgresReportsItsHealthWithPgIsready() {
        JsonNode postgres = service(POSTGRES);
        assertTrue(postgres.path("healthcheck").path("test").toString().contains("pg_isready"),
                "postgres healthcheck must run pg_isready, is " + postgres.path("healthcheck").path("test"));
        Map<String, String> env = environment(POSTGRES);
        assertEquals("recsys", env.get("POSTGRES_DB"), "postgres POSTGRES_DB");
        assertEquals("recsys", env.get("POSTGRES_USER"), "postgres POSTGRES_USER");
    }

    @Test
    void servicesPublishTheirPortWaitForPostgresAndReportReadiness() {
        Violations violations = new Violations("docker-compose.yml services");
        Map<String, String> postgresEnv = environment(POSTGRES);
        for (Platform.Service s : Platform.SERVICES) {
            JsonNode service = service(s.name());
            String port = String.valueOf(s.port());
            List<String> test = new ArrayList<>();
            service.path("healthcheck").path("test").forEach(n -> test.add(n.asText()));
            violations.require(List.of("CMD", "curl", "-fsS", "http://localhost:" + port + "/q/health/ready").equals(test),
                    s.name() + ": healthcheck is " + test + ", expected curl -fsS http://localhost:" + port + "/q/health/ready");
            List<String> ports = new ArrayList<>();
            service.path("ports").forEach(n -> ports.add(n.asText()));
            violations.require(ports.stream().anyMatch(p -> p.equals(port + ":" + port) || p.endsWith(":" + port + ":" + port)),
                    s.name() + ": does not publish " + port + ":" + port + " (ports " + ports + ")");
            violations.require("service_healthy".equals(service.path("depends_on").path(POSTGRES).path("condition").asText()),
                    s.name() + ": must depend on postgres with condition service_healthy");
            Map<String, String> env = environment(s.name());
            violations.require(port.equals(env.get("QUARKUS_HTTP_PORT")), s.name() + ": QUARKUS_HTTP_PORT is " + env.get("QUARKUS_HTTP_PORT"));
            violations.require("jdbc:postgresql://postgres:5432/recsys".equals(env.get("QUARKUS_DATASOURCE_JDBC_URL")),
                    s.name() + ": QUARKUS_DATASOURCE_JDBC_URL is " + env.get("QUARKUS_DATASOURCE_JDBC_URL"));
            violations.require(postgresEnv.get("POSTGRES_USER").equals(env.get("QUARKUS_DATASOURCE_USERNAME"))
                            && postgresEnv.get("POSTGRES_PASSWORD").equals(env.get("QUARKUS_DATASOURCE_PASSWORD")),
                    s.name() + ": database login differs from the postgres service's");
            violations.require("true".equals(env.get("DJL_OFFLINE")) && "true".equals(env.get("OPT_OUT_TRACKING")),
                    s.name() + ": DJL_OFFLINE and OPT_OUT_TRACKING must be \"true\"");
            violations.require(env.get("RECSYS_ADMIN_TOKEN") != null, s.name() + ": no RECSYS_ADMIN_TOKEN");
            for (String name : env.keySet()) {
                violations.require(Platform.SERVICE_ENV.contains(name), s.name() + ": variable " + name + " is read by no service (a typo?)");
                violations.require(!Platform.ONE_SHOT_ENV.contains(name), s.name() + ": " + name + " would make the service exit after one run");
            }
        }
        violations.assertNone();
    }

    @Test
    void sampleLoaderRunsOnceWhenAllFourServicesAreHealthy() {
        JsonNode loader = service(SAMPLE_LOADER);
        List<String> entrypoint = new ArrayList<>();
        if (loader.path("entrypoint").isArray()) {
            loader.path("entrypoint").forEach(n -> entrypoint.add(n.asText()));
        } else {
            entrypoint.add(loader.path("entrypoint").asText());
        }
        assertEquals(List.of(Platform.SAMPLE_LOADER_SCRIPT), entrypoint, "sample-loader entrypoint");
        assertEquals("no", loader.path("restart").asText(), "sample-loader must not restart");
        Set<String> waitsFor = new TreeSet<>();
        loader.path("depends_on").fields().forEachRemaining(e -> {
            assertEquals("service_healthy", e.getValue().path("condition").asText(), "sample-loader depends_on " + e.getKey() + " condition");
            waitsFor.add(e.getKey());
        });
        Set<String> four = new TreeSet<>();
        Platform.SERVICES.forEach(s -> four.add(s.name()));
        assertEquals(four, waitsFor, "sample-loader must wait for the four services");
        Map<String, String> env = environment(SAMPLE_LOADER);
        assertTrue(Platform.CHAIN_ENV.containsAll(env.keySet()), "sample-loader variables " + env.keySet()
                + " include some the loader does not read (known: " + Platform.CHAIN_ENV + ")");
        Platform.CHAIN_URLS.forEach((name, target) -> assertEquals("http://" + target.name() + ":" + target.port(), env.get(name),
                "sample-loader " + name));
        assertEquals(environment(Platform.INGESTION.name()).get("RECSYS_ADMIN_TOKEN"), env.get("RECSYS_ADMIN_TOKEN"),
                "sample-loader must use the services' admin token");
    }

    @Test
    void composeCliAcceptsTheFile() {
        Optional<List<String>> cli = composeCli();
        if (cli.isEmpty()) {
            String message = "docker compose CLI check NOT run: neither `docker compose` nor `docker-compose` is installed "
                    + "(docker-compose.yml was checked by the parsing tests only)";
            System.out.println("[deploy-tests] " + message);
            Assumptions.abort(message);
        }
        List<String> command = new ArrayList<>(cli.get());
        command.addAll(List.of("-f", file.toString(), "config", "-q"));
        Commands.Result result = Commands.run(Repo.root(), 120, command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), String.join(" ", command) + " rejects docker-compose.yml:\n" + result.stderr() + result.stdout());
        System.out.println("[deploy-tests] " + String.join(" ", command) + ": docker-compose.yml is valid");
    }

    /** {@code docker compose} (the v2 plugin) or else {@code docker-compose}, whichever answers {@code version}. */
    private static Optional<List<String>> composeCli() {
        if (Commands.onPath("docker").isPresent() && Commands.run(Repo.root(), 30, "docker", "compose", "version").exitCode() == 0) {
            return Optional.of(List.of("docker", "compose"));
        }
        if (Commands.onPath("docker-compose").isPresent() && Commands.run(Repo.root(), 30, "docker-compose", "version").exitCode() == 0) {
            return Optional.of(List.of("docker-compose"));
        }
        return Optional.empty();
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertFalse(service.isMissingNode(), "docker-compose.yml has no service " + name);
        return service;
    }

    /** The environment in either Compose form: a map, or a list of NAME=value. */
    private static Map<String, String> environment(String name) {
        JsonNode env = service(name).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env.isArray()) {
            env.forEach(n -> {
                String[] pair = n.asText().split("=", 2);
                result.put(pair[0], pair.length > 1 ? pair[1] : null);
            });
        } else {
            env.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        return result;
    }
}
