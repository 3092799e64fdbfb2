package dev.recsys.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every pod promises a platform team: non-root, read-only root filesystem, no privilege
 * escalation, no capabilities, RuntimeDefault seccomp, no service account token, bounded resources,
 * the right images and variables, and for the services health probes on their own port.
 */
class WorkloadHardeningTest {

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void everyContainerRunsNonRootReadOnlyWithoutPrivileges(String dir) {
        Violations violations = new Violations(dir + ": security context");
        Kustomize.render(dir).containers().forEach(ref -> {
            String who = ref.ref();
            PodSecurityContext pod = Optional.ofNullable(ref.workload().pod().getSecurityContext()).orElse(new PodSecurityContext());
            SecurityContext c = Optional.ofNullable(ref.container().getSecurityContext()).orElse(new SecurityContext());
            Boolean nonRoot = c.getRunAsNonRoot() != null ? c.getRunAsNonRoot() : pod.getRunAsNonRoot();
            Long user = c.getRunAsUser() != null ? c.getRunAsUser() : pod.getRunAsUser();
            Long group = c.getRunAsGroup() != null ? c.getRunAsGroup() : pod.getRunAsGroup();
            SeccompProfile seccomp = c.getSeccompProfile() != null ? c.getSeccompProfile() : pod.getSeccompProfile();
            violations.require(Boolean.TRUE.equals(nonRoot), who + ": runAsNonRoot is not true");
            violations.require(user != null && user != 0, who + ": runAsUser is " + user + " (must be set and not 0)");
            violations.require(group != null && group != 0, who + ": runAsGroup is " + group + " (must be set and not 0)");
            violations.require(pod.getFsGroup() != null && pod.getFsGroup() != 0, who + ": pod fsGroup is not set (or 0)");
            violations.require(Boolean.TRUE.equals(c.getReadOnlyRootFilesystem()), who + ": readOnlyRootFilesystem is not true");
            violations.require(Boolean.FALSE.equals(c.getAllowPrivilegeEscalation()), who + ": allowPrivilegeEscalation is not false");
            violations.require(!Boolean.TRUE.equals(c.getPrivileged()), who + ": is privileged");
            Capabilities caps = c.getCapabilities();
            violations.require(caps != null && caps.getDrop().contains("ALL"), who + ": capabilities do not drop ALL");
            violations.require(caps == null || caps.getAdd().isEmpty(), who + ": adds capabilities " + (caps == null ? "" : caps.getAdd()));
            violations.require(seccomp != null && "RuntimeDefault".equals(seccomp.getType()), who + ": seccompProfile is not RuntimeDefault");
            if (Platform.serviceOfImage(ref.container().getImage()).isPresent()) {
                violations.require(Long.valueOf(10001).equals(user) && Long.valueOf(10001).equals(group),
                        who + ": recsys images run as 10001:10001, not " + user + ":" + group);
            }
        });
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void everyPodIsIsolatedFromTheNodeAndTheKubernetesApi(String dir) {
        Violations violations = new Violations(dir + ": pod isolation");
        for (Manifests.Workload w : Kustomize.render(dir).workloads()) {
            var pod = w.pod();
            violations.require(Boolean.FALSE.equals(pod.getAutomountServiceAccountToken()),
                    w.ref() + ": automountServiceAccountToken is not false");
            violations.require(!Boolean.TRUE.equals(pod.getHostNetwork()), w.ref() + ": uses the host network");
            violations.require(!Boolean.TRUE.equals(pod.getHostPID()), w.ref() + ": uses the host PID namespace");
            violations.require(!Boolean.TRUE.equals(pod.getHostIPC()), w.ref() + ": uses the host IPC namespace");
            for (Volume v : pod.getVolumes()) {
                violations.require(v.getHostPath() == null, w.ref() + ": volume " + v.getName() + " is a hostPath");
            }
        }
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void everyContainerRequestsAndLimitsCpuAndMemory(String dir) {
        Violations violations = new Violations(dir + ": resources");
        Kustomize.render(dir).containers().forEach(ref -> {
            ResourceRequirements r = ref.container().getResources();
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = r == null ? null : r.getRequests().get(resource);
                Quantity limit = r == null ? null : r.getLimits().get(resource);
                violations.require(request != null, ref.ref() + ": no " + resource + " request");
                violations.require(limit != null, ref.ref() + ": no " + resource + " limit");
                if (request != null && limit != null) {
                    violations.require(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0,
                            ref.ref() + ": " + resource + " request " + request + " is above its limit " + limit);
                }
            }
        });
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void everyContainerWritesOnlyToAnEmptyDirAtTmp(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Violations violations = new Violations(dir + ": /tmp (DJL's native libraries, downloads) under a read-only root");
        manifests.containers().forEach(ref -> {
            Optional<Volume> tmp = tmpVolume(ref);
            violations.require(tmp.isPresent() && tmp.get().getEmptyDir() != null,
                    ref.ref() + ": no emptyDir volume mounted at /tmp");
        });
        manifests.find(Deployment.class, Platform.INGESTION.name()).ifPresent(d -> {
            Manifests.ContainerRef ingestion = manifests.workload("Deployment", Platform.INGESTION.name()).containers().findFirst().orElseThrow();
            long maxDownload = Long.parseLong(manifests.get(ConfigMap.class, Platform.CONFIG_MAP).getData()
                    .getOrDefault("RECSYS_INGESTION_MAX_DOWNLOAD_BYTES", "4294967296"));
            Quantity size = tmpVolume(ingestion).map(v -> v.getEmptyDir().getSizeLimit()).orElse(null);
            violations.require(size != null && size.getNumericalAmount().compareTo(BigDecimal.valueOf(maxDownload)) > 0,
                    ingestion.ref() + ": the /tmp emptyDir (sizeLimit " + size + ") must hold a download of "
                            + "RECSYS_INGESTION_MAX_DOWNLOAD_BYTES=" + maxDownload);
        });
        violations.assertNone();
    }

    private static Optional<Volume> tmpVolume(Manifests.ContainerRef ref) {
        return ref.container().getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath()))
                .map(VolumeMount::getName).findFirst()
                .flatMap(name -> ref.workload().pod().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst());
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void imagesAreTheFourServiceImagesOrPostgresInDev(String dir) {
        Violations violations = new Violations(dir + ": images");
        Kustomize.render(dir).containers().forEach(ref -> {
            String image = ref.container().getImage();
            boolean postgres = Platform.POSTGRES_IMAGE.equals(image);
            violations.require(Platform.serviceOfImage(image).isPresent() || postgres,
                    ref.ref() + ": image " + image + " is none of " + Platform.SERVICES.stream().map(Platform.Service::image).toList()
                            + " (the tag is the Maven project version)");
            violations.require(!postgres || (Kustomize.DEV.equals(dir) && ref.workload().kind().equals("StatefulSet")),
                    ref.ref() + ": " + Platform.POSTGRES_IMAGE + " belongs to the dev overlay's StatefulSet only");
            if (ref.workload().isDeployment()) {
                String expected = Platform.serviceNamed(ref.workload().name()).map(Platform.Service::image).orElse("?");
                violations.require(expected.equals(image), ref.ref() + ": runs " + image + ", expected " + expected);
            }
            violations.require(!"Always".equals(ref.container().getImagePullPolicy()) || !image.endsWith("-SNAPSHOT"),
                    ref.ref() + ": imagePullPolicy Always cannot use images loaded into the nodes (kind load)");
        });
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD, Kustomize.BATCH_SHARDED, Kustomize.SAMPLE_LOAD})
    void variablesAreOnesTheServicesReadAndSecretsComeFromTheSecret(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Violations violations = new Violations(dir + ": environment");
        manifests.containers().forEach(ref -> {
            Container c = ref.container();
            boolean chain = c.getCommand().stream().anyMatch(Platform.CHAIN_SCRIPTS::contains);
            Set<String> allowed = Platform.allowedEnv(c.getImage(), chain);
            for (EnvVar env : c.getEnv()) {
                String name = env.getName();
                violations.require(allowed.contains(name), ref.ref() + ": variable " + name + " is read by nothing in this image "
                        + "(a typo? known: " + new TreeSet<>(allowed) + ")");
                boolean secret = name.endsWith("PASSWORD") || name.endsWith("TOKEN") || name.endsWith("USERNAME")
                        || name.equals("POSTGRES_USER");
                if (secret) {
                    violations.require(env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null,
                            ref.ref() + ": " + name + " must come from Secret " + Platform.SECRET);
                }
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var key = env.getValueFrom().getSecretKeyRef();
                    violations.require(Platform.SECRET.equals(key.getName()),
                            ref.ref() + ": " + name + " reads Secret " + key.getName() + ", not " + Platform.SECRET);
                    violations.require(Platform.SECRET_KEYS.contains(key.getKey()),
                            ref.ref() + ": " + name + " reads key " + key.getKey() + ", not one of " + Platform.SECRET_KEYS);
                }
                if (ref.workload().isDeployment()) {
                    violations.require(!Platform.ONE_SHOT_ENV.contains(name),
                            ref.ref() + ": " + name + " makes the service exit after one run: jobs only, never a Deployment");
                }
            }
            for (EnvFromSource from : c.getEnvFrom()) {
                violations.require(from.getConfigMapRef() != null && Platform.CONFIG_MAP.equals(from.getConfigMapRef().getName()),
                        ref.ref() + ": envFrom other than ConfigMap " + Platform.CONFIG_MAP);
            }
            if (Platform.serviceOfImage(c.getImage()).isPresent() && !chain) {
                violations.require(c.getEnvFrom().stream().anyMatch(f -> f.getConfigMapRef() != null),
                        ref.ref() + ": does not read ConfigMap " + Platform.CONFIG_MAP + " (envFrom)");
                for (String needed : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "RECSYS_ADMIN_TOKEN", "QUARKUS_HTTP_PORT")) {
                    violations.require(c.getEnv().stream().anyMatch(e -> e.getName().equals(needed)), ref.ref() + ": does not set " + needed);
                }
            }
        });
        manifests.find(ConfigMap.class, Platform.CONFIG_MAP).ifPresent(config -> config.getData().forEach((name, value) -> {
            violations.require(Platform.SERVICE_ENV.contains(name), "ConfigMap/" + Platform.CONFIG_MAP + ": " + name + " is read by no service");
            violations.require(!Platform.ONE_SHOT_ENV.contains(name), "ConfigMap/" + Platform.CONFIG_MAP + ": " + name
                    + " would make every Deployment exit after one run");
            violations.require(!name.endsWith("PASSWORD") && !name.endsWith("TOKEN") && !name.endsWith("USERNAME"),
                    "ConfigMap/" + Platform.CONFIG_MAP + ": " + name + " is a secret; it belongs in " + Platform.SECRET);
        }));
        manifests.find(ConfigMap.class, Platform.CONFIG_MAP).ifPresent(config -> {
            for (String required : List.of("QUARKUS_DATASOURCE_JDBC_URL", "DJL_OFFLINE", "OPT_OUT_TRACKING")) {
                violations.require(config.getData().containsKey(required), "ConfigMap/" + Platform.CONFIG_MAP + ": no " + required);
            }
            violations.require("true".equals(config.getData().get("DJL_OFFLINE")) && "true".equals(config.getData().get("OPT_OUT_TRACKING")),
                    "ConfigMap/" + Platform.CONFIG_MAP + ": DJL_OFFLINE and OPT_OUT_TRACKING must be \"true\"");
            violations.require(Objects.toString(config.getData().get("QUARKUS_DATASOURCE_JDBC_URL")).matches("jdbc:postgresql://[^/]+/recsys(\\?.*)?"),
                    "ConfigMap/" + Platform.CONFIG_MAP + ": QUARKUS_DATASOURCE_JDBC_URL is not jdbc:postgresql://host:port/recsys");
        });
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void servicesHaveLivenessReadinessAndStartupProbesOnTheirPort(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Violations violations = new Violations(dir + ": health probes");
        for (Platform.Service service : Platform.SERVICES) {
            Manifests.Workload w = manifests.workload("Deployment", service.name());
            violations.require(w.pod().getContainers().size() == 1, w.ref() + ": expected exactly one container");
            Container c = w.pod().getContainers().get(0);
            String who = w.ref() + " container " + c.getName();
            var port = c.getPorts().stream().filter(p -> p.getContainerPort() == service.port()).findFirst();
            violations.require(port.isPresent(), who + ": no containerPort " + service.port());
            violations.require(c.getEnv().stream().anyMatch(e -> "QUARKUS_HTTP_PORT".equals(e.getName())
                    && String.valueOf(service.port()).equals(e.getValue())), who + ": QUARKUS_HTTP_PORT is not " + service.port());
            checkHttpProbe(violations, who, "livenessProbe", c.getLivenessProbe(), "/q/health/live", c, service.port());
            checkHttpProbe(violations, who, "readinessProbe", c.getReadinessProbe(), "/q/health/ready", c, service.port());
            violations.require(c.getStartupProbe() != null, who + ": no startupProbe (Flyway and model loading take a while)");
            if (c.getStartupProbe() != null && c.getStartupProbe().getHttpGet() != null) {
                violations.require(service.port() == resolve(c.getStartupProbe().getHttpGet().getPort(), c),
                        who + ": startupProbe is not on port " + service.port());
                Probe s = c.getStartupProbe();
                int seconds = Optional.ofNullable(s.getPeriodSeconds()).orElse(10) * Optional.ofNullable(s.getFailureThreshold()).orElse(3);
                violations.require(seconds >= 120, who + ": startupProbe gives up after " + seconds + " s; allow at least 120 s");
            }
        }
        manifests.workloads().stream().filter(w -> w.kind().equals("StatefulSet")).forEach(w -> w.pod().getContainers().forEach(c -> {
            violations.require(c.getLivenessProbe() != null, w.ref() + " container " + c.getName() + ": no livenessProbe");
            violations.require(c.getReadinessProbe() != null, w.ref() + " container " + c.getName() + ": no readinessProbe");
        }));
        violations.assertNone();
    }

    private static void checkHttpProbe(Violations violations, String who, String kind, Probe probe, String path, Container c, int port) {
        if (probe == null || probe.getHttpGet() == null) {
            violations.add(who + ": no " + kind + " (httpGet " + path + ")");
            return;
        }
        violations.require(path.equals(probe.getHttpGet().getPath()), who + ": " + kind + " path is " + probe.getHttpGet().getPath() + ", expected " + path);
        violations.require(port == resolve(probe.getHttpGet().getPort(), c), who + ": " + kind + " port " + probe.getHttpGet().getPort()
                + " is not the service port " + port);
    }

    private static String describe(IntOrString port) {
        return port == null ? "(none)" : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    /** A port given by number or by the name of one of the container's ports; -1 if it names none. */
    static int resolve(IntOrString port, Container c) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).mapToInt(p -> p.getContainerPort()).findFirst().orElse(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void servicesRouteTheirPortToTheirDeploymentsContainerPort(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Violations violations = new Violations(dir + ": Services");
        for (Platform.Service service : Platform.SERVICES) {
            var svc = manifests.get(Service.class, service.name());
            Manifests.Workload w = manifests.workload("Deployment", service.name());
            Container c = w.pod().getContainers().get(0);
            violations.require(svc.getSpec().getPorts().size() == 1, "Service/" + service.name() + ": expected one port");
            var port = svc.getSpec().getPorts().get(0);
            violations.require(port.getPort() == service.port(), "Service/" + service.name() + ": port " + port.getPort() + ", expected " + service.port());
            int target = resolve(port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort(), c);
            violations.require(target == service.port() && c.getPorts().stream().anyMatch(p -> p.getContainerPort() == target),
                    "Service/" + service.name() + ": targetPort " + describe(port.getTargetPort()) + " is not the containerPort " + service.port()
                            + " of " + w.ref());
            Map<String, String> selector = svc.getSpec().getSelector();
            violations.require(selector != null && !selector.isEmpty(), "Service/" + service.name() + ": no selector");
            for (Manifests.Workload other : manifests.workloads()) {
                boolean selected = selector != null && !selector.isEmpty() && other.podLabels().entrySet().containsAll(selector.entrySet());
                violations.require(selected == other.ref().equals(w.ref()),
                        "Service/" + service.name() + (selected ? " selects the pods of " : " does not select the pods of ") + other.ref());
            }
        }
        violations.assertNone();
    }

    @ParameterizedTest
    @ValueSource(strings = {Kustomize.DEV, Kustomize.PROD})
    void servicePodsAreAnnotatedForPrometheus(String dir) {
        Manifests manifests = Kustomize.render(dir);
        Violations violations = new Violations(dir + ": Prometheus annotations on the pod templates");
        for (Platform.Service service : Platform.SERVICES) {
            Manifests.Workload w = manifests.workload("Deployment", service.name());
            Map<String, String> a = w.podMetadata().getAnnotations() == null ? Map.of() : w.podMetadata().getAnnotations();
            violations.require("true".equals(a.get("prometheus.io/scrape")), w.ref() + ": prometheus.io/scrape is not \"true\"");
            violations.require(String.valueOf(service.port()).equals(a.get("prometheus.io/port")),
                    w.ref() + ": prometheus.io/port is " + a.get("prometheus.io/port") + ", expected " + service.port());
            violations.require("/q/metrics".equals(a.get("prometheus.io/path")), w.ref() + ": prometheus.io/path is not /q/metrics");
        }
        violations.assertNone();
    }
}
