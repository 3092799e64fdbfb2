package dev.recsys.deploy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * Answers "may this pod reach that pod on this port?" the way the Kubernetes NetworkPolicy API
 * defines it (ingress only: the manifests restrict nothing else). IP blocks are not modelled.
 */
final class NetworkPolicies {

    /** A pod that sends or receives traffic: its namespace (and that namespace's labels) and its labels. */
    record Pod(String namespace, Map<String, String> namespaceLabels, Map<String, String> labels) {

        static Pod inRecsys(Map<String, String> labels) {
            return new Pod(Platform.NAMESPACE, Map.of("kubernetes.io/metadata.name", Platform.NAMESPACE), labels);
        }

        /** The ingress controller, or anything else outside the namespace. */
        static Pod outside(Map<String, String> labels) {
            return new Pod("ingress-nginx", Map.of("kubernetes.io/metadata.name", "ingress-nginx"), labels);
        }
    }

    private final List<NetworkPolicy> policies;

    NetworkPolicies(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    boolean allows(Pod from, Pod to, int port, List<ContainerPort> targetPorts) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> isIngressPolicy(p) && selects(p.getSpec().getPodSelector(), to.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> admitsPeer(rule, from, to) && admitsPort(rule, port, targetPorts));
    }

    private static boolean isIngressPolicy(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    private static boolean admitsPeer(NetworkPolicyIngressRule rule, Pod from, Pod to) {
        if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
            return true;
        }
        return rule.getFrom().stream().anyMatch(peer -> matches(peer, from, to));
    }

    private static boolean matches(NetworkPolicyPeer peer, Pod from, Pod to) {
        if (peer.getIpBlock() != null) {
            throw new UnsupportedOperationException("ipBlock peers are not modelled by these tests");
        }
        if (peer.getNamespaceSelector() == null) {
            return from.namespace().equals(to.namespace()) && selects(peer.getPodSelector(), from.labels());
        }
        return selects(peer.getNamespaceSelector(), from.namespaceLabels())
                && (peer.getPodSelector() == null || selects(peer.getPodSelector(), from.labels()));
    }

    private static boolean admitsPort(NetworkPolicyIngressRule rule, int port, List<ContainerPort> targetPorts) {
        if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
            return true;
        }
        return rule.getPorts().stream().anyMatch(p -> isTcp(p) && portMatches(p, port, targetPorts));
    }

    private static boolean isTcp(NetworkPolicyPort port) {
        return port.getProtocol() == null || "TCP".equals(port.getProtocol());
    }

    private static boolean portMatches(NetworkPolicyPort rulePort, int port, List<ContainerPort> targetPorts) {
        IntOrString value = rulePort.getPort();
        if (value == null) {
            return true;
        }
        if (value.getIntVal() != null) {
            int end = rulePort.getEndPort() != null ? rulePort.getEndPort() : value.getIntVal();
            return port >= value.getIntVal() && port <= end;
        }
        return targetPorts.stream().anyMatch(p -> value.getStrVal().equals(p.getName()) && p.getContainerPort() == port);
    }

    /** Label selector semantics: an empty selector selects everything. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
                if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!satisfies(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean satisfies(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("unknown label selector operator " + requirement.getOperator());
        };
    }
}
