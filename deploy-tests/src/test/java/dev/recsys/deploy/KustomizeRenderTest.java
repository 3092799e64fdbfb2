package dev.recsys.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kustomization renders, every object is a typed Kubernetes object, and the set is the expected one. */
class KustomizeRenderTest {

    private static final Set<String> COMMON = Set.of(
            "Namespace/recsys", "ConfigMap/recsys-config",
            "Service/ingestion-service", "Service/training-service", "Service/model-service", "Service/recommendation-service",
            "Deployment/ingestion-service", "Deployment/training-service", "Deployment/model-service",
            "Deployment/recommendation-service",
            "PodDisruptionBudget/ingestion-service", "PodDisruptionBudget/training-service",
            "PodDisruptionBudget/model-service", "PodDisruptionBudget/recommendation-service",
            "HorizontalPodAutoscaler/model-service", "HorizontalPodAutoscaler/recommendation-service",
            "Ingress/recsys", "CronJob/recsys-weekly",
            "NetworkPolicy/default-deny-ingress", "NetworkPolicy/recommendation-service-ingress",
            "NetworkPolicy/ingestion-service-ingress", "NetworkPolicy/training-service-ingress",
            "NetworkPolicy/model-service-ingress");

    private static final Set<String> DEV_ONLY = Set.of(
            "Secret/recsys-secrets", "StatefulSet/postgres", "Service/postgres", "NetworkPolicy/postgres-ingress");

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void rendersWithKubectlKustomize(String dir) {
        assertFalse(Kustomize.render(dir).all().isEmpty(), dir + " renders no objects");
    }

    @Test
    void devOverlayHasTheServicesThePostgresDatabaseAndTheDevSecret() {
        Set<String> expected = new TreeSet<>(COMMON);
        expected.addAll(DEV_ONLY);
        assertEquals(expected, refs(Kustomize.render(Kustomize.DEV)));
    }

    @Test
    void prodOverlayHasTheServicesOnly() {
        assertEquals(new TreeSet<>(COMMON), refs(Kustomize.render(Kustomize.PROD)));
    }

    @Test
    void jobDirectoriesHoldOneJobEach() {
        assertEquals(Set.of("Job/" + Platform.SHARDED_JOB), refs(Kustomize.render(Kustomize.BATCH_SHARDED)));
        assertEquals(Set.of("Job/" + Platform.SAMPLE_LOAD_JOB), refs(Kustomize.render(Kustomize.SAMPLE_LOAD)));
    }

    /** The stable API of each kind: beta versions (policy/v1beta1, batch/v1beta1, ...) are gone by Kubernetes 1.27. */
    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Namespace", "v1"), Map.entry("ConfigMap", "v1"), Map.entry("Secret", "v1"), Map.entry("Service", "v1"),
            Map.entry("Deployment", "apps/v1"), Map.entry("StatefulSet", "apps/v1"),
            Map.entry("CronJob", "batch/v1"), Map.entry("Job", "batch/v1"),
            Map.entry("PodDisruptionBudget", "policy/v1"), Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("Ingress", "networking.k8s.io/v1"), Map.entry("NetworkPolicy", "networking.k8s.io/v1"));

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void everyObjectUsesTheStableApiVersionOfItsKind(String dir) {
        Violations violations = new Violations(dir + ": API versions");
        for (HasMetadata o : Kustomize.render(dir).all()) {
            String expected = API_VERSIONS.get(o.getKind());
            violations.require(expected != null, ref(o) + ": kind " + o.getKind() + " is not expected in k8s/");
            violations.require(expected == null || expected.equals(o.getApiVersion()),
                    ref(o) + " has apiVersion " + o.getApiVersion() + ", expected " + expected);
        }
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void everyFieldIsOneTheKubernetesApiKnows(String dir) {
        Violations violations = new Violations(dir + ": fields unknown to the Kubernetes API (misspelt or misplaced)");
        for (HasMetadata o : Kustomize.render(dir).all()) {
            UnknownFields.in(o).forEach(path -> violations.add(ref(o) + ": " + path));
        }
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void everyObjectIsInTheRecsysNamespaceWithTheCommonLabels(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Violations violations = new Violations(dir + ": namespace and labels");
        for (HasMetadata o : manifests.all()) {
            Map<String, String> labels = o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
            violations.require("recsys".equals(labels.get(Platform.PART_OF)), ref(o) + " lacks label " + Platform.PART_OF + "=recsys");
            if (o instanceof Namespace) {
                violations.require(Platform.NAMESPACE.equals(o.getMetadata().getName()), ref(o) + " is not the recsys namespace");
            } else {
                violations.require(Platform.NAMESPACE.equals(o.getMetadata().getNamespace()), ref(o) + " is not in namespace recsys");
            }
        }
        for (Manifests.Workload w : manifests.workloads()) {
            for (String key : List.of(Platform.NAME, Platform.COMPONENT, Platform.PART_OF)) {
                violations.require(w.podLabels().containsKey(key), w.ref() + ": pod template lacks label " + key);
            }
            violations.require(w.podLabels().get(Platform.NAME) != null
                            && w.podLabels().get(Platform.NAME).equals(labelOf(manifests, w, Platform.NAME)),
                    w.ref() + ": pod label " + Platform.NAME + " differs from the object's");
        }
        violations.assertNone();
    }

    private static String labelOf(Manifests manifests, Manifests.Workload w, String key) {
        return manifests.all().stream()
                .filter(o -> o.getKind().equals(w.kind()) && o.getMetadata().getName().equals(w.name()))
                .map(o -> o.getMetadata().getLabels().get(key)).findFirst().orElse(null);
    }

    static Set<String> refs(Manifests manifests) {
        return manifests.all().stream().map(KustomizeRenderTest::ref).collect(Collectors.toCollection(TreeSet::new));
    }

    static String ref(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }
}
