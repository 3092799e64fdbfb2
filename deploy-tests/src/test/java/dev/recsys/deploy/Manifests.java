package dev.recsys.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The objects one kustomization renders, each parsed into its typed fabric8 model. Parsing fails
 * for an apiVersion/kind pair Kubernetes does not serve; {@link UnknownFields} catches misspelt fields.
 */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** A pod template and what it belongs to. */
    record Workload(String kind, String name, ObjectMeta podMetadata, PodSpec pod) {

        String ref() {
            return kind + "/" + name;
        }

        boolean isDeployment() {
            return "Deployment".equals(kind);
        }

        Stream<ContainerRef> containers() {
            return Stream.concat(
                    pod.getInitContainers().stream().map(c -> new ContainerRef(this, c, true)),
                    pod.getContainers().stream().map(c -> new ContainerRef(this, c, false)));
        }

        Map<String, String> podLabels() {
            return podMetadata == null || podMetadata.getLabels() == null ? Map.of() : podMetadata.getLabels();
        }
    }

    /** A container (or initContainer) of a workload. */
    record ContainerRef(Workload workload, Container container, boolean init) {

        String ref() {
            return workload.ref() + (init ? " initContainer " : " container ") + container.getName();
        }
    }

    private final String source;
    private final List<HasMetadata> objects;

    private Manifests(String source, List<HasMetadata> objects) {
        this.source = source;
        this.objects = List.copyOf(objects);
    }

    static Manifests parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                objects.add(typed(source, document));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the output of kubectl kustomize " + source + " is not YAML", e);
        }
        return new Manifests(source, objects);
    }

    private static HasMetadata typed(String source, JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        String name = document.path("metadata").path("name").asText();
        if (SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind) == null) {
            throw new AssertionError(source + ": " + kind + "/" + name + " has apiVersion " + apiVersion
                    + ", which serves no kind " + kind);
        }
        KubernetesResource resource = SERIALIZATION.unmarshal(document.toString(), KubernetesResource.class);
        if (!(resource instanceof HasMetadata object) || resource instanceof GenericKubernetesResource) {
            throw new AssertionError(source + ": " + kind + "/" + name + " did not parse into a typed object");
        }
        return object;
    }

    String source() {
        return source;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                source + " has no " + type.getSimpleName() + "/" + name));
    }

    /** Every pod template: Deployments, StatefulSets, Jobs and CronJobs. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata o : objects) {
            String name = o.getMetadata().getName();
            if (o instanceof Deployment d) {
                workloads.add(new Workload("Deployment", name, d.getSpec().getTemplate().getMetadata(),
                        d.getSpec().getTemplate().getSpec()));
            } else if (o instanceof StatefulSet s) {
                workloads.add(new Workload("StatefulSet", name, s.getSpec().getTemplate().getMetadata(),
                        s.getSpec().getTemplate().getSpec()));
            } else if (o instanceof Job j) {
                workloads.add(new Workload("Job", name, j.getSpec().getTemplate().getMetadata(),
                        j.getSpec().getTemplate().getSpec()));
            } else if (o instanceof CronJob c) {
                var template = c.getSpec().getJobTemplate().getSpec().getTemplate();
                workloads.add(new Workload("CronJob", name, template.getMetadata(), template.getSpec()));
            }
        }
        return workloads;
    }

    Stream<ContainerRef> containers() {
        return workloads().stream().flatMap(Workload::containers);
    }

    Workload workload(String kind, String name) {
        return workloads().stream().filter(w -> w.kind().equals(kind) && w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(source + " has no " + kind + "/" + name));
    }
}
