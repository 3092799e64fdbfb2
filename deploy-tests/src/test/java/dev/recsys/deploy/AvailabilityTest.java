package dev.recsys.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Autoscaling of the serving services, disruption budgets for every Deployment, and prod's larger footprint. */
class AvailabilityTest {

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void modelAndRecommendationServiceScaleOnCpu(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Violations violations = new Violations(dir + ": HorizontalPodAutoscalers");
        for (Platform.Service service : Platform.AUTOSCALED) {
            String who = "HorizontalPodAutoscaler/" + service.name();
            HorizontalPodAutoscaler hpa = manifests.get(HorizontalPodAutoscaler.class, service.name());
            var target = hpa.getSpec().getScaleTargetRef();
            violations.require("Deployment".equals(target.getKind()) && "apps/v1".equals(target.getApiVersion()),
                    who + ": scales " + target.getApiVersion() + " " + target.getKind() + ", not an apps/v1 Deployment");
            violations.require(manifests.find(Deployment.class, target.getName()).isPresent(),
                    who + ": scales Deployment/" + target.getName() + ", which does not exist");
            violations.require(service.name().equals(target.getName()), who + ": scales " + target.getName());
            Integer min = hpa.getSpec().getMinReplicas();
            violations.require(min != null && min >= 1 && hpa.getSpec().getMaxReplicas() >= min,
                    who + ": minReplicas " + min + " / maxReplicas " + hpa.getSpec().getMaxReplicas());
            violations.require(hpa.getSpec().getMetrics().stream().anyMatch(m -> m.getResource() != null
                            && "cpu".equals(m.getResource().getName()) && m.getResource().getTarget().getAverageUtilization() != null),
                    who + ": no CPU utilization target");
            manifests.find(Deployment.class, service.name()).ifPresent(d -> violations.require(d.getSpec().getReplicas() == null,
                    "Deployment/" + service.name() + ": sets replicas, which every apply would reset under the autoscaler"));
        }
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
            violations.require(Platform.AUTOSCALED.stream().anyMatch(s -> s.name().equals(hpa.getMetadata().getName())),
                    "HorizontalPodAutoscaler/" + hpa.getMetadata().getName() + " is not expected");
        }
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void everyDeploymentHasADisruptionBudgetThatStillLetsNodesDrain(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Violations violations = new Violations(dir + ": PodDisruptionBudgets");
        List<Manifests.Workload> deployments = manifests.workloads().stream().filter(Manifests.Workload::isDeployment).toList();
        for (Manifests.Workload d : deployments) {
            List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class).stream()
                    .filter(p -> NetworkPolicies.selects(p.getSpec().getSelector(), d.podLabels())).toList();
            violations.require(budgets.size() == 1, d.ref() + ": selected by " + budgets.size() + " PodDisruptionBudgets, expected 1");
            for (PodDisruptionBudget pdb : budgets) {
                var maxUnavailable = pdb.getSpec().getMaxUnavailable();
                var minAvailable = pdb.getSpec().getMinAvailable();
                boolean drains = maxUnavailable != null
                        ? (maxUnavailable.getIntVal() != null ? maxUnavailable.getIntVal() >= 1 : !"0%".equals(maxUnavailable.getStrVal()))
                        : minAvailable != null && minAvailable.getIntVal() != null && minAvailable.getIntVal() < minReplicas(manifests, d.name());
                violations.require(drains, "PodDisruptionBudget/" + pdb.getMetadata().getName()
                        + ": allows no voluntary disruption of " + d.ref() + " (a node drain would hang)");
            }
        }
        for (PodDisruptionBudget pdb : manifests.all(PodDisruptionBudget.class)) {
            long selected = deployments.stream().filter(d -> NetworkPolicies.selects(pdb.getSpec().getSelector(), d.podLabels())).count();
            violations.require(pdb.getSpec().getSelector() != null && !pdb.getSpec().getSelector().getMatchLabels().isEmpty() && selected == 1,
                    "PodDisruptionBudget/" + pdb.getMetadata().getName() + " selects the pods of " + selected + " Deployments, expected 1");
        }
        violations.assertNone();
    }

    private static int minReplicas(Manifests manifests, String deployment) {
        return manifests.find(HorizontalPodAutoscaler.class, deployment).map(h -> h.getSpec().getMinReplicas())
                .orElseGet(() -> {
                    Integer replicas = manifests.get(Deployment.class, deployment).getSpec().getReplicas();
                    return replicas == null ? 1 : replicas;
                });
    }

    @Test
    void prodRunsMoreReplicasThanDevAndAtLeastTwoOfEachServingService() {
        Manifests dev = Kustomize.render(Kustomize.DEV);
        Manifests prod = Kustomize.render(Kustomize.PROD);
        for (Platform.Service service : List.of(Platform.MODEL, Platform.RECOMMENDATION, Platform.INGESTION)) {
            int inProd = minReplicas(prod, service.name());
            assertTrue(inProd >= 2, "prod: " + service.name() + " runs " + inProd + " replica(s) at least; expected 2 or more");
            assertTrue(inProd > minReplicas(dev, service.name()), "prod: " + service.name() + " should run more replicas than dev");
        }
        assertEquals(1, minReplicas(dev, Platform.MODEL.name()), "dev: one model-service replica");
    }
}
