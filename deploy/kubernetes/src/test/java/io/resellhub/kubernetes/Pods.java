package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Small helpers over pod templates and label selectors. */
final class Pods {

    private Pods() {
    }

    static PodSpec spec(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec();
    }

    static Map<String, String> labels(Deployment deployment) {
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    static List<Container> allContainers(Deployment deployment) {
        List<Container> all = new ArrayList<>(spec(deployment).getInitContainers());
        all.addAll(spec(deployment).getContainers());
        return all;
    }

    /** The application container: the one named after the Deployment. */
    static Container main(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        return spec(deployment).getContainers().stream()
                .filter(c -> name.equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + name + " has no container named " + name));
    }

    /** The container port a probe, Service targetPort or policy port names (by name or number). */
    static Optional<ContainerPort> port(Container container, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        return container.getPorts().stream()
                .filter(p -> port.getIntVal() != null ? port.getIntVal().equals(p.getContainerPort())
                        : port.getStrVal().equals(p.getName()))
                .findFirst();
    }

    static Optional<ContainerPort> httpPort(Container container) {
        return container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst();
    }

    /** The port of Quarkus' management interface (health, metrics): the container port named {@code management}. */
    static Optional<ContainerPort> managementPort(Container container) {
        return container.getPorts().stream().filter(p -> "management".equals(p.getName())).findFirst();
    }

    /** Kubernetes label-selector semantics: an empty selector selects everything, a null one nothing. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = labels.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && r.getValues().contains(value);
                    case "NotIn" -> value == null || !r.getValues().contains(value);
                    case "Exists" -> labels.containsKey(r.getKey());
                    case "DoesNotExist" -> !labels.containsKey(r.getKey());
                    default -> throw new AssertionError("Unknown selector operator " + r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean selects(Map<String, String> matchLabels, Map<String, String> labels) {
        return matchLabels != null && matchLabels.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
