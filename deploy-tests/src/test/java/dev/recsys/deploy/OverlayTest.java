package dev.recsys.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dev brings its own PostgreSQL and a fake Secret; prod brings neither and points at an external database. */
class OverlayTest {

    @Test
    void prodHasNoSecretAndNoPostgres() {
        Manifests prod = Kustomize.render(Kustomize.PROD);
        assertTrue(prod.all(Secret.class).isEmpty(), "prod must not contain Secrets (recsys-secrets is created by hand): "
                + prod.all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList());
        assertTrue(prod.all(StatefulSet.class).isEmpty(), "prod must not run PostgreSQL in the cluster");
        assertTrue(prod.containers().noneMatch(c -> c.container().getImage().startsWith("postgres")), "prod runs a postgres image");
        assertFalse(prod.find(Service.class, "postgres").isPresent(), "prod has a Service/postgres");
        String url = prod.get(ConfigMap.class, Platform.CONFIG_MAP).getData().get("QUARKUS_DATASOURCE_JDBC_URL");
        assertFalse(url.startsWith("jdbc:postgresql://postgres:") || url.contains(".recsys.svc"),
                "prod QUARKUS_DATASOURCE_JDBC_URL points at the dev in-cluster database: " + url);
    }

    @Test
    void devRunsPostgres16AsAStatefulSetWithItsOwnVolume() {
        Manifests dev = Kustomize.render(Kustomize.DEV);
        StatefulSet postgres = dev.get(StatefulSet.class, "postgres");
        assertEquals(1, postgres.getSpec().getReplicas(), "StatefulSet/postgres: one replica");
        assertEquals(1, postgres.getSpec().getVolumeClaimTemplates().size(), "StatefulSet/postgres: one volumeClaimTemplate");
        PersistentVolumeClaim claim = postgres.getSpec().getVolumeClaimTemplates().get(0);
        assertTrue(claim.getSpec().getResources().getRequests().containsKey("storage"), "StatefulSet/postgres: the claim requests no storage");
        assertTrue(claim.getSpec().getAccessModes().contains("ReadWriteOnce"), "StatefulSet/postgres: the claim is not ReadWriteOnce");
        Container container = postgres.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(Platform.POSTGRES_IMAGE, container.getImage());
        var dataMount = container.getVolumeMounts().stream().filter(m -> m.getName().equals(claim.getMetadata().getName())).findFirst();
        assertTrue(dataMount.isPresent(), "StatefulSet/postgres: the claim " + claim.getMetadata().getName() + " is not mounted");
        String pgdata = container.getEnv().stream().filter(e -> "PGDATA".equals(e.getName())).map(e -> e.getValue()).findFirst().orElse("");
        assertTrue(pgdata.startsWith(dataMount.get().getMountPath() + "/"),
                "StatefulSet/postgres: PGDATA " + pgdata + " must be a subdirectory of the volume " + dataMount.get().getMountPath());
        assertTrue(container.getEnv().stream().anyMatch(e -> "POSTGRES_DB".equals(e.getName()) && "recsys".equals(e.getValue())),
                "StatefulSet/postgres: database is not recsys");

        Service service = dev.get(Service.class, "postgres");
        assertEquals("None", service.getSpec().getClusterIP(), "Service/postgres must be headless");
        assertEquals("postgres", postgres.getSpec().getServiceName(), "StatefulSet/postgres: serviceName is not its headless Service");
        assertTrue(postgres.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                "Service/postgres does not select the postgres pod");
        assertEquals(5432, service.getSpec().getPorts().get(0).getPort());
        String url = dev.get(ConfigMap.class, Platform.CONFIG_MAP).getData().get("QUARKUS_DATASOURCE_JDBC_URL");
        assertEquals("jdbc:postgresql://postgres:5432/recsys", url, "dev services must use the in-cluster database");
    }

    @Test
    void devSecretHoldsObviouslyFakeValuesForEveryKeyTheWorkloadsRead() {
        Secret secret = Kustomize.render(Kustomize.DEV).get(Secret.class, Platform.SECRET);
        java.util.Set<String> required = new java.util.HashSet<>(Platform.SECRET_KEYS);
        required.removeAll(Platform.OPTIONAL_SECRET_KEYS);
        assertEquals(required, secret.getData().keySet(), "Secret/recsys-secrets keys (dev keeps reads open: no api-tokens)");
        for (String key : new String[] {"db-password", "admin-token"}) {
            String value = new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            assertTrue(value.contains("dev-only"), "Secret/recsys-secrets " + key + " must be an obviously fake dev value, is " + value);
        }
    }

    @Test
    void theNamespaceEnforcesTheRestrictedPodSecurityStandard() {
        for (String dir : new String[] {Kustomize.DEV, Kustomize.PROD}) {
            Map<String, String> labels = Kustomize.render(dir).get(Namespace.class, Platform.NAMESPACE).getMetadata().getLabels();
            assertEquals("restricted", labels.get("pod-security.kubernetes.io/enforce"), dir + ": Namespace/recsys pod-security enforce");
        }
    }
}
