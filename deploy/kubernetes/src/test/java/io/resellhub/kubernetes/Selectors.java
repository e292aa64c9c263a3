package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Every selector of the namespace selects something: a Service, NetworkPolicy (and each in-namespace
 * peer), PodDisruptionBudget or PodMonitor at least one pod (the Deployments' and those the operators
 * create), a ServiceMonitor at least one Service that selects a pod. A typo in a label is otherwise
 * silent: the Service has no endpoints, the policy protects nothing, the budget guards nothing.
 */
final class Selectors {

    private Selectors() {
    }

    static List<String> problems(Rendered rendered) {
        List<NetworkPoliciesTest.Pod> pods = NetworkPoliciesTest.pods(rendered);
        List<String> problems = new ArrayList<>();
        for (Service service : rendered.all(Service.class)) {
            if (!selectsPod(service.getSpec().getSelector(), pods)) {
                problems.add(rendered + ": Service " + name(service) + " selector " + service.getSpec().getSelector()
                        + " selects no pod");
            }
        }
        for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
            if (!selectsPod(policy.getSpec().getPodSelector(), pods)) {
                problems.add(rendered + ": NetworkPolicy " + name(policy) + " podSelector selects no pod");
            }
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            policy.getSpec().getIngress().forEach(rule -> peers.addAll(rule.getFrom()));
            policy.getSpec().getEgress().forEach(rule -> peers.addAll(rule.getTo()));
            for (NetworkPolicyPeer peer : peers) {
                // Peers in other namespaces (ingress controller, monitoring, operators) are not ours to see.
                if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                        && !selectsPod(peer.getPodSelector(), pods)) {
                    problems.add(rendered + ": NetworkPolicy " + name(policy) + " peer " + peer.getPodSelector().getMatchLabels()
                            + " selects no pod");
                }
            }
        }
        for (PodDisruptionBudget budget : rendered.all(PodDisruptionBudget.class)) {
            if (!selectsPod(budget.getSpec().getSelector(), pods)) {
                problems.add(rendered + ": PodDisruptionBudget " + name(budget) + " selects no pod");
            }
        }
        for (PodMonitor monitor : rendered.all(PodMonitor.class)) {
            if (!selectsPod(monitor.getSpec().getSelector(), pods)) {
                problems.add(rendered + ": PodMonitor " + name(monitor) + " selects no pod");
            }
        }
        for (ServiceMonitor monitor : rendered.all(ServiceMonitor.class)) {
            boolean selectsService = rendered.all(Service.class).stream()
                    .filter(s -> Pods.selects(monitor.getSpec().getSelector(), labels(s.getMetadata().getLabels())))
                    .anyMatch(s -> selectsPod(s.getSpec().getSelector(), pods));
            if (!selectsService) {
                problems.add(rendered + ": ServiceMonitor " + name(monitor) + " selects no Service with pods");
            }
        }
        return problems;
    }

    private static boolean selectsPod(LabelSelector selector, List<NetworkPoliciesTest.Pod> pods) {
        return pods.stream().anyMatch(p -> Pods.selects(selector, p.labels()));
    }

    private static boolean selectsPod(Map<String, String> selector, List<NetworkPoliciesTest.Pod> pods) {
        return selector != null && !selector.isEmpty() && pods.stream().anyMatch(p -> Pods.selects(selector, p.labels()));
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }
}
