package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Every component (components/*) renders on top of the prod overlay and parses strictly; the
 * Prometheus Operator one scrapes every service through its Service and every PostgreSQL cluster.
 */
class PrometheusOperatorComponentTest {

    @Test
    void everyComponentRendersOnTopOfProd() {
        List<String> problems = new ArrayList<>();
        for (String component : Project.components()) {
            problems.addAll(Rendered.withComponent(component).problems);
        }
        Problems.assertNone(problems);
    }

    @Test
    void theServiceMonitorsScrapeEveryServiceAndThePodMonitorsEveryDatabase() {
        Rendered rendered = Rendered.withComponent("prometheus-operator");
        List<String> problems = new ArrayList<>(rendered.problems);
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Service service = rendered.require(Service.class, name);
            Map<String, String> serviceLabels = service.getMetadata().getLabels();
            boolean scraped = rendered.all(ServiceMonitor.class).stream()
                    .filter(m -> Pods.selects(m.getSpec().getSelector(), serviceLabels))
                    .flatMap(m -> m.getSpec().getEndpoints().stream())
                    .anyMatch(e -> "/q/metrics".equals(e.getPath()) && hasPort(service, e));
            if (!scraped) {
                problems.add(name + ": no ServiceMonitor scrapes /q/metrics on a port of its Service");
            }
        }
        for (CloudNativePg.Cluster cluster : rendered.databases()) {
            boolean scraped = rendered.all(PodMonitor.class).stream()
                    .anyMatch(m -> Pods.selects(m.getSpec().getSelector(), cluster.podLabels())
                            && m.getSpec().getPodMetricsEndpoints().stream().anyMatch(e -> "metrics".equals(e.getPort())));
            if (!scraped) {
                problems.add(cluster.name() + ": no PodMonitor scrapes its instances' `metrics` port");
            }
        }
        Problems.assertNone(problems);
    }

    private static boolean hasPort(Service service, Endpoint endpoint) {
        return service.getSpec().getPorts().stream().anyMatch(p -> Objects.equals(p.getName(), endpoint.getPort()));
    }

    /** kube-prometheus-stack selects monitors by its `release` label: set by default, and an overlay can change it. */
    @Test
    void theMonitorsCarryTheLabelPrometheusSelectsAndAnOverlayCanChangeIt() {
        List<String> problems = new ArrayList<>();
        Rendered byDefault = Rendered.withComponent("prometheus-operator");
        monitorLabels(byDefault).forEach((name, labels) -> {
            if (!"kube-prometheus-stack".equals(labels.get("release"))) {
                problems.add(name + ": no label release=kube-prometheus-stack, got " + labels);
            }
        });

        // What an overlay adds after the component when its Prometheus selects on another release.
        Rendered patched = Rendered.onProd("prometheus-operator-relabelled", "prometheus-operator", String.join("\n",
                "patches:",
                "  - target:",
                "      group: monitoring.coreos.com",
                "    patch: |-",
                "      apiVersion: monitoring.coreos.com/v1",
                "      kind: ServiceMonitor",
                "      metadata:",
                "        name: any",
                "        labels:",
                "          release: platform-prometheus",
                ""));
        Map<String, Map<String, String>> relabelled = monitorLabels(patched);
        if (relabelled.isEmpty()) {
            problems.add("the relabelled rendering has no monitors");
        }
        relabelled.forEach((name, labels) -> {
            if (!"platform-prometheus".equals(labels.get("release"))) {
                problems.add(name + ": an overlay's patch did not set release=platform-prometheus, got " + labels);
            }
        });
        Problems.assertNone(problems);
    }

    private static Map<String, Map<String, String>> monitorLabels(Rendered rendered) {
        Map<String, Map<String, String>> labels = new TreeMap<>();
        rendered.all(ServiceMonitor.class).forEach(m -> labels.put("ServiceMonitor " + m.getMetadata().getName(),
                Optional.ofNullable(m.getMetadata().getLabels()).orElse(Map.of())));
        rendered.all(PodMonitor.class).forEach(m -> labels.put("PodMonitor " + m.getMetadata().getName(),
                Optional.ofNullable(m.getMetadata().getLabels()).orElse(Map.of())));
        return labels;
    }
}
