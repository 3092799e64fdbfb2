package dev.recsys.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only recommendation-service is public; the other services and PostgreSQL admit recsys pods only. */
class NetworkExposureTest {

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void theIngressPublishesTheApiAndDashboardOfRecommendationServiceOnly(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Ingress ingress = manifests.get(Ingress.class, "recsys");
        assertEquals(null, ingress.getSpec().getDefaultBackend(), "Ingress/recsys: no default backend (it would publish everything)");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream()).toList();
        Violations violations = new Violations(dir + ": Ingress/recsys");
        for (HTTPIngressPath path : paths) {
            var backend = path.getBackend().getService();
            violations.require(backend != null && Platform.RECOMMENDATION.name().equals(backend.getName()),
                    "path " + path.getPath() + " goes to " + (backend == null ? "a resource" : backend.getName()) + ", not recommendation-service");
            violations.require(backend != null && backend.getPort() != null && (Integer.valueOf(8080).equals(backend.getPort().getNumber())
                    || "http".equals(backend.getPort().getName())), "path " + path.getPath() + " does not go to port 8080");
            violations.require(!path.getPath().startsWith("/q/metrics") && !path.getPath().startsWith("/q/health") && !"/".equals(path.getPath())
                    && !"/q".equals(path.getPath()), "path " + path.getPath() + " publishes metrics or health endpoints");
        }
        List<String> published = paths.stream().map(HTTPIngressPath::getPath).toList();
        violations.require(published.contains("/api") && published.contains("/dashboard"),
                "publishes " + published + "; expected /api and /dashboard");
        violations.require(manifests.find(Service.class, Platform.RECOMMENDATION.name()).isPresent(),
                "Service/recommendation-service does not exist");
        violations.assertNone();
    }

    @Test
    void prodIngressHasItsHostAndTls() {
        Ingress ingress = Kustomize.render(Kustomize.PROD).get(Ingress.class, "recsys");
        String host = ingress.getSpec().getRules().get(0).getHost();
        assertTrue(host != null && !host.isBlank(), "prod Ingress/recsys: no host");
        assertTrue(ingress.getSpec().getTls().stream().anyMatch(t -> t.getHosts().contains(host) && t.getSecretName() != null),
                "prod Ingress/recsys: no TLS for " + host);
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void ingressTrafficIsDeniedUnlessAPolicyAdmitsIt(String dir) {
        Manifests manifests = Kustomize.render(dir);
        assertTrue(manifests.all(NetworkPolicy.class).stream().anyMatch(p -> p.getSpec().getPodSelector() != null
                        && p.getSpec().getPodSelector().getMatchLabels().isEmpty() && p.getSpec().getPodSelector().getMatchExpressions().isEmpty()
                        && p.getSpec().getPolicyTypes().contains("Ingress") && p.getSpec().getIngress().isEmpty()),
                dir + ": no default-deny ingress NetworkPolicy (empty podSelector, policyTypes [Ingress], no rules)");
        NetworkPolicies policies = new NetworkPolicies(manifests.all(NetworkPolicy.class));
        var stranger = NetworkPolicies.Pod.inRecsys(Map.of("app", "debug-shell"));
        var someApp = NetworkPolicies.Pod.inRecsys(Map.of("app.kubernetes.io/name", "not-recsys"));
        assertFalse(policies.allows(stranger, someApp, 8080, List.of()),
                dir + ": a pod without policy of its own is reachable; the namespace should deny by default");
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void recommendationServiceIsReachableFromAnywhereOnItsPortOnly(String dir) {
        Manifests manifests = Kustomize.render(dir);
        NetworkPolicies policies = new NetworkPolicies(manifests.all(NetworkPolicy.class));
        Manifests.Workload recs = manifests.workload("Deployment", Platform.RECOMMENDATION.name());
        var target = NetworkPolicies.Pod.inRecsys(recs.podLabels());
        List<ContainerPort> ports = recs.pod().getContainers().get(0).getPorts();
        var controller = NetworkPolicies.Pod.outside(Map.of("app.kubernetes.io/name", "ingress-nginx"));
        assertTrue(policies.allows(controller, target, 8080, ports), dir + ": the ingress controller cannot reach recommendation-service:8080");
        assertFalse(policies.allows(controller, target, 9000, ports), dir + ": recommendation-service is open on ports other than 8080");
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void internalServicesAdmitRecsysPodsOfTheNamespaceOnly(String dir) {
        Manifests manifests = Kustomize.render(dir);
        NetworkPolicies policies = new NetworkPolicies(manifests.all(NetworkPolicy.class));
        List<Manifests.Workload> recsysPods = Stream.concat(manifests.workloads().stream(),
                        Kustomize.render(Kustomize.SAMPLE_LOAD).workloads().stream())
                .filter(w -> !w.name().equals("postgres")).toList();
        Violations violations = new Violations(dir + ": NetworkPolicies of the internal services");
        for (Platform.Service service : Platform.INTERNAL_SERVICES) {
            Manifests.Workload w = manifests.workload("Deployment", service.name());
            var target = NetworkPolicies.Pod.inRecsys(w.podLabels());
            List<ContainerPort> ports = w.pod().getContainers().get(0).getPorts();
            for (Manifests.Workload source : recsysPods) {
                violations.require(policies.allows(NetworkPolicies.Pod.inRecsys(source.podLabels()), target, service.port(), ports),
                        source.ref() + " cannot reach " + service.name() + ":" + service.port());
            }
            violations.require(!policies.allows(NetworkPolicies.Pod.outside(Map.of()), target, service.port(), ports),
                    service.name() + " is reachable from outside the namespace");
            violations.require(!policies.allows(NetworkPolicies.Pod.outside(Map.of(Platform.PART_OF, "recsys")), target, service.port(), ports),
                    service.name() + " is reachable from a pod labelled part-of=recsys in another namespace");
            violations.require(!policies.allows(NetworkPolicies.Pod.inRecsys(Map.of("app", "debug-shell")), target, service.port(), ports),
                    service.name() + " is reachable from a pod of the namespace that is not part of recsys");
        }
        violations.assertNone();
    }

    @Test
    void devPostgresAdmitsTheFourServicesAndTheShardedBatchOnly() {
        Manifests dev = Kustomize.render(Kustomize.DEV);
        NetworkPolicies policies = new NetworkPolicies(dev.all(NetworkPolicy.class));
        Manifests.Workload postgres = dev.workload("StatefulSet", "postgres");
        var target = NetworkPolicies.Pod.inRecsys(postgres.podLabels());
        List<ContainerPort> ports = postgres.pod().getContainers().get(0).getPorts();
        Violations violations = new Violations("dev: NetworkPolicies of PostgreSQL");
        List<Manifests.Workload> clients = Stream.concat(
                        dev.workloads().stream().filter(w -> !w.name().equals("postgres") && !w.name().equals(Platform.WEEKLY_CRONJOB)),
                        Kustomize.render(Kustomize.BATCH_SHARDED).workloads().stream())
                .toList();
        for (Manifests.Workload client : clients) {
            violations.require(policies.allows(NetworkPolicies.Pod.inRecsys(client.podLabels()), target, 5432, ports),
                    client.ref() + " cannot reach postgres:5432");
        }
        // The chains (the weekly CronJob, the sample load) only call the services' APIs.
        List<Manifests.Workload> chains = Stream.concat(dev.workloads().stream().filter(w -> w.name().equals(Platform.WEEKLY_CRONJOB)),
                Kustomize.render(Kustomize.SAMPLE_LOAD).workloads().stream()).toList();
        for (Manifests.Workload other : chains) {
            violations.require(!policies.allows(NetworkPolicies.Pod.inRecsys(other.podLabels()), target, 5432, ports),
                    other.ref() + " (needs no database) can reach postgres:5432");
        }
        violations.require(!policies.allows(NetworkPolicies.Pod.outside(Map.of()), target, 5432, ports),
                "postgres is reachable from outside the namespace");
        violations.require(!policies.allows(NetworkPolicies.Pod.inRecsys(Map.of(Platform.PART_OF, "recsys")), target, 5432, ports),
                "postgres is reachable from any recsys pod, not only the services and jobs");
        violations.assertNone();
    }
}
