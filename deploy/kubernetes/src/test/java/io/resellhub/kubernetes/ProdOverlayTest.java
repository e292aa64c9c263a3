package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/** Production survives a node loss and a drain: replicas, budgets, spreading, autoscaling. */
class ProdOverlayTest {

    private final Rendered prod = Rendered.overlay("prod");

    @Test
    void everyServiceRunsAtLeastTwoReplicasAndTheGatewayAutoscales() {
        List<String> problems = new ArrayList<>();
        for (String service : Project.SERVICES) {
            Deployment deployment = prod.deployment(service);
            Optional<HorizontalPodAutoscaler> hpa = autoscaler(service);
            Integer replicas = deployment.getSpec().getReplicas();
            if (hpa.isPresent()) {
                if (hpa.get().getSpec().getMinReplicas() == null || hpa.get().getSpec().getMinReplicas() < 2) {
                    problems.add(service + ": HorizontalPodAutoscaler minReplicas must be >= 2");
                }
                if (replicas != null) {
                    problems.add(service + ": has both replicas and an autoscaler; every apply would reset the count");
                }
            } else if (replicas == null || replicas < 2) {
                problems.add(service + ": replicas " + replicas + ", production needs >= 2");
            }
        }
        if (autoscaler(Project.GATEWAY).isEmpty()) {
            problems.add("The gateway has no HorizontalPodAutoscaler");
        } else {
            HorizontalPodAutoscaler hpa = autoscaler(Project.GATEWAY).get();
            if (hpa.getSpec().getMaxReplicas() <= hpa.getSpec().getMinReplicas()) {
                problems.add("The gateway's autoscaler cannot scale (max <= min)");
            }
            if (hpa.getSpec().getMetrics().isEmpty()) {
                problems.add("The gateway's autoscaler has no metric");
            }
        }
        Problems.assertNone(problems);
    }

    @Test
    void everyServiceHasAPodDisruptionBudgetThatLetsADrainProceed() {
        List<String> problems = new ArrayList<>();
        for (String service : Project.SERVICES) {
            Map<String, String> labels = Pods.labels(prod.deployment(service));
            List<PodDisruptionBudget> budgets = prod.all(PodDisruptionBudget.class).stream()
                    .filter(b -> Pods.selects(b.getSpec().getSelector(), labels))
                    .toList();
            if (budgets.size() != 1) {
                problems.add(service + ": " + budgets.size() + " PodDisruptionBudgets select it, expected one");
                continue;
            }
            PodDisruptionBudget budget = budgets.get(0);
            if (budget.getSpec().getMaxUnavailable() == null && budget.getSpec().getMinAvailable() == null) {
                problems.add(service + ": its PodDisruptionBudget sets neither maxUnavailable nor minAvailable");
            }
            if (budget.getSpec().getMaxUnavailable() != null && Integer.valueOf(0).equals(budget.getSpec().getMaxUnavailable().getIntVal())) {
                problems.add(service + ": maxUnavailable 0 blocks every node drain");
            }
        }
        Problems.assertNone(problems);
    }

    @Test
    void replicasOfAServiceSpreadOverNodes() {
        List<String> problems = new ArrayList<>();
        for (String service : Project.SERVICES) {
            Deployment deployment = prod.deployment(service);
            Map<String, String> labels = Pods.labels(deployment);
            Affinity affinity = Pods.spec(deployment).getAffinity();
            boolean antiAffinity = affinity != null && affinity.getPodAntiAffinity() != null && (
                    affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().stream()
                            .map(WeightedPodAffinityTerm::getPodAffinityTerm)
                            .anyMatch(t -> spreadsOverHosts(t, labels))
                    || affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().stream()
                            .anyMatch(t -> spreadsOverHosts(t, labels)));
            if (!antiAffinity) {
                problems.add(service + ": needs pod anti-affinity on kubernetes.io/hostname against its own pods");
            }
        }
        Problems.assertNone(problems);
    }

    @Test
    void kafkaAndPostgresqlAreReplicated() {
        List<String> problems = new ArrayList<>();
        for (Kafka kafka : prod.all(Kafka.class)) {
            int brokers = KafkaManifestsTest.brokers(prod, kafka.getMetadata().getName());
            if (brokers < 3) {
                problems.add("Kafka " + kafka.getMetadata().getName() + ": " + brokers + " brokers, production needs 3");
            }
        }
        for (KafkaTopic topic : prod.all(KafkaTopic.class)) {
            Object minIsr = Optional.ofNullable(topic.getSpec().getConfig()).orElse(Map.of()).get("min.insync.replicas");
            if (topic.getSpec().getReplicas() == null || topic.getSpec().getReplicas() < 3
                    || !(minIsr instanceof Number n) || n.intValue() < 2) {
                problems.add("KafkaTopic " + topic.getMetadata().getName() + ": production needs replicas >= 3 and"
                        + " min.insync.replicas >= 2");
            }
        }
        for (CloudNativePg.Cluster cluster : prod.databases()) {
            if (cluster.instances() < 2) {
                problems.add(cluster.name() + ": " + cluster.instances() + " PostgreSQL instance(s); production needs a standby");
            }
        }
        Problems.assertNone(problems);
    }

    private Optional<HorizontalPodAutoscaler> autoscaler(String deployment) {
        return prod.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                        && deployment.equals(h.getSpec().getScaleTargetRef().getName()))
                .findFirst();
    }

    private static boolean spreadsOverHosts(PodAffinityTerm term, Map<String, String> labels) {
        return "kubernetes.io/hostname".equals(term.getTopologyKey()) && Pods.selects(term.getLabelSelector(), labels);
    }
}
