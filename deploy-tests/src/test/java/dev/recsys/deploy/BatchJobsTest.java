package dev.recsys.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The weekly CronJob, the sharded batch Job and the sample load Job run the right images in the right modes. */
class BatchJobsTest {

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void weeklyCronJobRunsTheWeeklyChainSundaysAt3AndFailsOnItsFirstFailure(String dir) {
        CronJob cron = Kustomize.render(dir).get(CronJob.class, Platform.WEEKLY_CRONJOB);
        assertEquals("0 3 * * 0", cron.getSpec().getSchedule(), "CronJob/recsys-weekly schedule");
        assertEquals("Forbid", cron.getSpec().getConcurrencyPolicy(), "CronJob/recsys-weekly must never overlap a running week");
        assertEquals(0, cron.getSpec().getJobTemplate().getSpec().getBackoffLimit(),
                "CronJob/recsys-weekly: a failed chain fails the Job (no silent retry of a half-done week)");
        var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy(), "CronJob/recsys-weekly restartPolicy");
        assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty(), "CronJob/recsys-weekly: no initContainers");
        assertEquals(1, pod.getContainers().size(), "CronJob/recsys-weekly: one container (the chain)");
        Container chain = pod.getContainers().get(0);
        assertEquals(Platform.INGESTION.image(), chain.getImage(), "CronJob/recsys-weekly image");
        assertEquals(List.of(Platform.WEEKLY_SCRIPT), chain.getCommand(), "CronJob/recsys-weekly command");
        assertEquals("if-better", env(chain, "WEEKLY_ACTIVATE").orElse(null), "CronJob/recsys-weekly WEEKLY_ACTIVATE");
        for (String name : Platform.CHAIN_URLS.keySet()) {
            assertTrue(env(chain, name).isPresent(), "CronJob/recsys-weekly: no " + name);
        }
        assertTrue(chain.getLivenessProbe() == null && chain.getReadinessProbe() == null,
                "CronJob/recsys-weekly: a one-shot container needs no probes");
    }

    @Test
    void shardedBatchIsAnIndexedJobWhosePodsKnowTheirShard() {
        Job job = Kustomize.render(Kustomize.BATCH_SHARDED).get(Job.class, Platform.SHARDED_JOB);
        String who = "Job/" + Platform.SHARDED_JOB;
        assertEquals("Indexed", job.getSpec().getCompletionMode(), who + " completionMode");
        int completions = job.getSpec().getCompletions();
        assertEquals(4, completions, who + " completions");
        assertEquals(completions, job.getSpec().getParallelism(), who + ": parallelism must equal completions (all shards at once)");
        var pod = job.getSpec().getTemplate().getSpec();
        assertTrue(Set.of("Never", "OnFailure").contains(pod.getRestartPolicy()), who + " restartPolicy " + pod.getRestartPolicy());
        assertEquals(1, pod.getContainers().size(), who + ": one container");
        Container c = pod.getContainers().get(0);
        assertEquals(Platform.RECOMMENDATION.image(), c.getImage(), who + " image");
        assertEquals(String.valueOf(completions), env(c, "RECSYS_BATCH_SHARDS").orElse(null),
                who + ": RECSYS_BATCH_SHARDS must equal completions");
        EnvVar index = c.getEnv().stream().filter(e -> "RECSYS_BATCH_SHARD_INDEX".equals(e.getName())).findFirst().orElse(null);
        assertNotNull(index, who + ": no RECSYS_BATCH_SHARD_INDEX");
        assertTrue(index.getValueFrom() != null && index.getValueFrom().getFieldRef() != null
                        && "metadata.annotations['batch.kubernetes.io/job-completion-index']".equals(index.getValueFrom().getFieldRef().getFieldPath()),
                who + ": RECSYS_BATCH_SHARD_INDEX must come from the downward API (the job-completion-index annotation)");
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void jobsReferToConfigurationAndServicesThatTheOverlaysCreate(String dir) {
        Manifests dev = Kustomize.render(Kustomize.DEV);
        Manifests prod = Kustomize.render(Kustomize.PROD);
        Violations violations = new Violations(dir + ": references into the deployed overlay");
        Kustomize.render(dir).containers().forEach(ref -> {
            ref.container().getEnvFrom().forEach(from -> {
                String name = from.getConfigMapRef().getName();
                violations.require(dev.find(ConfigMap.class, name).isPresent() && prod.find(ConfigMap.class, name).isPresent(),
                        ref.ref() + ": ConfigMap " + name + " is not created by the overlays (is its name hashed?)");
            });
            ref.container().getEnv().stream().filter(e -> e.getName().endsWith("_URL") && e.getValue() != null
                    && e.getValue().startsWith("http")).forEach(e -> {
                URI uri = URI.create(e.getValue());
                Optional<Service> service = dev.find(Service.class, uri.getHost());
                violations.require(service.isPresent() && service.get().getSpec().getPorts().stream().anyMatch(p -> p.getPort() == uri.getPort()),
                        ref.ref() + ": " + e.getName() + "=" + e.getValue() + " is no Service port of the overlays");
                Platform.Service expected = Platform.CHAIN_URLS.get(e.getName());
                violations.require(expected == null || expected.name().equals(uri.getHost()),
                        ref.ref() + ": " + e.getName() + " points at " + uri.getHost());
            });
        });
        violations.assertNone();
    }

    @Test
    void sampleLoadJobRunsTheLoaderScriptOfTheIngestionImageAgainstTheThreeServices() {
        Job job = Kustomize.render(Kustomize.SAMPLE_LOAD).get(Job.class, Platform.SAMPLE_LOAD_JOB);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(Platform.INGESTION.image(), c.getImage(), "Job/recsys-sample-load image");
        assertEquals(List.of(Platform.SAMPLE_LOADER_SCRIPT), c.getCommand(), "Job/recsys-sample-load command");
        for (String name : Platform.CHAIN_URLS.keySet()) {
            assertTrue(env(c, name).isPresent(), "Job/recsys-sample-load: no " + name);
        }
        assertTrue(c.getEnv().stream().anyMatch(e -> "RECSYS_ADMIN_TOKEN".equals(e.getName()) && e.getValueFrom() != null),
                "Job/recsys-sample-load: RECSYS_ADMIN_TOKEN must come from the Secret");
    }

    private static Optional<String> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst();
    }
}
