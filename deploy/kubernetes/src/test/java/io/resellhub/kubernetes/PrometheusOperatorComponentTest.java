package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Every component (components/*) renders on top of the prod overlay and parses strictly; the
 * Prometheus Operator one scrapes every service through its Service's management port and every PostgreSQL
 * cluster, and carries resellhub's alerts and Grafana dashboard. (That every metric they use exists in a
 * running service is WholeStackIT's check.)
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
                    .anyMatch(e -> "/q/metrics".equals(e.getPath())
                            && targetsManagementPort(service, Pods.main(deployment), e));
            if (!scraped) {
                problems.add(name + ": no ServiceMonitor scrapes /q/metrics on its Service's port to the container"
                        + " port `management` (metrics are not on the API port)");
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

    /** The endpoint's Service port leads to the container's management port. */
    private static boolean targetsManagementPort(Service service, Container container, Endpoint endpoint) {
        Optional<ContainerPort> management = Pods.managementPort(container);
        return management.isPresent() && service.getSpec().getPorts().stream()
                .filter(p -> Objects.equals(p.getName(), endpoint.getPort()))
                .anyMatch(p -> management.equals(Pods.port(container, p.getTargetPort())));
    }

    /** The alerts the issue asks for, each on a metric of the services. */
    @Test
    void theRulesAlertOnBacklogDeadLettersBreakerBalanceAndPendingOrders() {
        Rendered rendered = Rendered.withComponent("prometheus-operator");
        List<String> problems = new ArrayList<>(rendered.problems);
        Map<String, String> alerts = new TreeMap<>();
        for (PrometheusRule rule : rendered.all(PrometheusRule.class)) {
            if (!"kube-prometheus-stack".equals(Optional.ofNullable(rule.getMetadata().getLabels())
                    .orElse(Map.of()).get("release"))) {
                problems.add("PrometheusRule " + rule.getMetadata().getName() + ": no label release=kube-prometheus-stack");
            }
            for (RuleGroup group : rule.getSpec().getGroups()) {
                for (Rule r : group.getRules()) {
                    alerts.put(r.getAlert(), r.getExpr().getStrVal());
                }
            }
        }
        Map<String, String> expected = Map.of(
                "ResellhubOutboxBacklogStale", "resellhub_outbox_oldest_unsent_age_seconds",
                "ResellhubDeadLetters", "resellhub_consumer_dead_letters_total",
                "ResellhubUpstreamBreakerOpen", "resellhub_upstream_breaker_open",
                "ResellhubBalanceBelowMinimum", "resellhub_modules_below_minimum_balance",
                "ResellhubOrdersPending", "resellhub_orders_pending_oldest_age_seconds");
        expected.forEach((alert, metric) -> {
            String expr = alerts.get(alert);
            if (expr == null) {
                problems.add("no alert " + alert + " (has " + alerts.keySet() + ")");
            } else if (!expr.contains(metric)) {
                problems.add(alert + ": expected to use " + metric + ", is " + expr);
            }
        });
        if (!Objects.equals(alerts.get("ResellhubOutboxBacklogStale"),
                "max by (namespace, service) (resellhub_outbox_oldest_unsent_age_seconds) > 60")) {
            problems.add("ResellhubOutboxBacklogStale must fire when the oldest unsent event is older than 1 min");
        }
        if (!String.valueOf(alerts.get("ResellhubOrdersPending")).endsWith("> 600")) {
            problems.add("ResellhubOrdersPending must fire after 10 minutes (> 600 s)");
        }
        Problems.assertNone(problems);
    }

    /** The dashboard ships as a ConfigMap Grafana's sidecar loads, holding a dashboard whose queries it can run. */
    @Test
    void theDashboardIsAConfigMapForGrafanasSidecarWithAQueryPerPanel() throws Exception {
        Rendered rendered = Rendered.withComponent("prometheus-operator");
        List<String> problems = new ArrayList<>(rendered.problems);
        ConfigMap dashboard = rendered.require(ConfigMap.class, "resellhub-grafana-dashboard");
        if (!"1".equals(Optional.ofNullable(dashboard.getMetadata().getLabels()).orElse(Map.of())
                .get("grafana_dashboard"))) {
            problems.add("the dashboard ConfigMap needs label grafana_dashboard=1 for Grafana's sidecar");
        }
        String json = Optional.ofNullable(dashboard.getData()).orElse(Map.of()).get("resellhub.json");
        if (json == null) {
            problems.add("the dashboard ConfigMap has no resellhub.json");
        } else {
            JsonNode root = new ObjectMapper().readTree(json);
            if (!"resellhub".equals(root.path("uid").asText())) {
                problems.add("dashboard uid must be resellhub (stable links), is " + root.path("uid"));
            }
            int queries = 0;
            for (JsonNode panel : root.path("panels")) {
                if ("row".equals(panel.path("type").asText())) {
                    continue;
                }
                if (panel.path("targets").isEmpty()) {
                    problems.add("panel '" + panel.path("title").asText() + "' has no query");
                }
                for (JsonNode target : panel.path("targets")) {
                    queries++;
                    if (!target.path("expr").asText().contains("namespace=\"$namespace\"")) {
                        problems.add("panel '" + panel.path("title").asText() + "': query not limited to the"
                                + " chosen namespace: " + target.path("expr").asText());
                    }
                }
            }
            if (queries < 10) {
                problems.add("the dashboard has only " + queries + " queries");
            }
        }
        Problems.assertNone(problems);
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
