package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/** Kafka through Strimzi: a KRaft cluster with node pools and a KafkaTopic for every topic in use. */
class KafkaManifestsTest {

    static List<String> overlays() {
        return Project.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void kafkaRunsInKRaftModeWithANodePoolAndTheTopicOperator(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        List<Kafka> clusters = rendered.all(Kafka.class);
        if (clusters.size() != 1) {
            problems.add(overlay + ": expected one Kafka, found " + clusters.size());
        }
        for (Kafka kafka : clusters) {
            String name = kafka.getMetadata().getName();
            List<KafkaNodePool> pools = pools(rendered, name);
            if (pools.stream().noneMatch(p -> p.getSpec().getRoles() != null
                    && p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))) {
                problems.add("Kafka " + name + ": no KafkaNodePool with the controller role (KRaft)");
            }
            int brokers = brokers(rendered, name);
            if (brokers < 1) {
                problems.add("Kafka " + name + ": no KafkaNodePool with the broker role");
            }
            if (kafka.getSpec().getEntityOperator() == null || kafka.getSpec().getEntityOperator().getTopicOperator() == null) {
                problems.add("Kafka " + name + ": needs entityOperator.topicOperator to reconcile the KafkaTopics");
            }
            Map<String, Object> config = Optional.ofNullable(kafka.getSpec().getKafka().getConfig()).orElse(Map.of());
            if (!Boolean.FALSE.equals(config.get("auto.create.topics.enable"))) {
                problems.add("Kafka " + name + ": auto.create.topics.enable must be false (topics come from KafkaTopics)");
            }
            for (String key : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                    "default.replication.factor", "min.insync.replicas", "transaction.state.log.min.isr")) {
                Object value = config.get(key);
                if (!(value instanceof Number number) || number.intValue() > brokers || number.intValue() < 1) {
                    problems.add("Kafka " + name + ": " + key + "=" + value + " must be set, between 1 and the "
                            + brokers + " broker(s)");
                }
            }
            if (kafka.getSpec().getKafka().getListeners().stream().anyMatch(l -> !"internal".equals(l.getType().toValue()))) {
                problems.add("Kafka " + name + ": only internal listeners; nothing outside the cluster talks to Kafka");
            }
            if (kafka.getSpec().getKafka().getListeners().stream().anyMatch(l -> l.getNetworkPolicyPeers() == null
                    || l.getNetworkPolicyPeers().isEmpty())) {
                problems.add("Kafka " + name + ": every listener restricts its clients with networkPolicyPeers");
            }
        }
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyTopicTheServicesUseExistsAsAKafkaTopic(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        Map<String, Integer> catalogue = TopicCatalogue.partitionsByTopic();
        List<String> compacted = TopicCatalogue.compactedTopics();
        Map<String, String> usedBy = new TreeMap<>();
        catalogue.keySet().forEach(topic -> usedBy.put(topic, TopicCatalogue.TOPICS_JAVA.getFileName().toString()));
        for (String service : Project.SERVICES) {
            ServiceProperties.load(service).topics().forEach(topic -> usedBy.merge(topic, service, (a, b) -> a + ", " + b));
        }
        Map<String, KafkaTopic> topics = new TreeMap<>();
        for (KafkaTopic topic : rendered.all(KafkaTopic.class)) {
            String name = Optional.ofNullable(topic.getSpec().getTopicName()).orElse(topic.getMetadata().getName());
            if (topics.put(name, topic) != null) {
                problems.add("Two KafkaTopics create " + name);
            }
        }
        usedBy.forEach((topic, users) -> {
            if (!topics.containsKey(topic)) {
                problems.add("Topic " + topic + " (used by " + users + ") has no KafkaTopic");
            }
        });
        Set<String> unknown = new TreeSet<>(topics.keySet());
        unknown.removeAll(usedBy.keySet());
        if (!unknown.isEmpty()) {
            problems.add("KafkaTopics " + unknown + " are neither in Topics.java nor used by a service (stale?)");
        }
        Set<String> clusters = new TreeSet<>();
        rendered.all(Kafka.class).forEach(k -> clusters.add(k.getMetadata().getName()));
        topics.forEach((name, topic) -> {
            String cluster = Optional.ofNullable(topic.getMetadata().getLabels()).orElse(Map.of()).get("strimzi.io/cluster");
            if (!clusters.contains(cluster)) {
                problems.add("KafkaTopic " + name + ": label strimzi.io/cluster=" + cluster + " names no Kafka " + clusters);
                return;
            }
            int brokers = brokers(rendered, cluster);
            Integer partitions = topic.getSpec().getPartitions();
            Integer replicas = topic.getSpec().getReplicas();
            if (catalogue.containsKey(name) && !Objects.equals(partitions, catalogue.get(name))) {
                problems.add("KafkaTopic " + name + ": " + partitions + " partitions, Topics.java says " + catalogue.get(name));
            }
            if (partitions == null || partitions < 1) {
                problems.add("KafkaTopic " + name + ": partitions must be set");
            }
            if (replicas == null || replicas < 1 || replicas > brokers) {
                problems.add("KafkaTopic " + name + ": replicas=" + replicas + " must be set, between 1 and the "
                        + brokers + " broker(s)");
            }
            Map<String, Object> config = Optional.ofNullable(topic.getSpec().getConfig()).orElse(Map.of());
            if (compacted.contains(name)) {
                // A read model is rebuilt from it: the latest record per key must be kept forever.
                if (!"compact".equals(config.get("cleanup.policy"))) {
                    problems.add("KafkaTopic " + name + ": cleanup.policy must be compact (Topics.java compacts it),"
                            + " not " + config.get("cleanup.policy"));
                }
                if (!(config.get("delete.retention.ms") instanceof Number tombstones) || tombstones.longValue() <= 0) {
                    problems.add("KafkaTopic " + name + ": delete.retention.ms (how long tombstones stay) must be set");
                }
            } else {
                if (!"delete".equals(config.get("cleanup.policy"))) {
                    problems.add("KafkaTopic " + name + ": cleanup.policy must be delete, not " + config.get("cleanup.policy"));
                }
                if (!(config.get("retention.ms") instanceof Number retention) || retention.longValue() <= 0) {
                    problems.add("KafkaTopic " + name + ": retention.ms must be set to a positive number");
                }
            }
            if (!(config.get("min.insync.replicas") instanceof Number minIsr) || replicas == null
                    || minIsr.intValue() > replicas || (replicas > 1 && minIsr.intValue() >= replicas)) {
                problems.add("KafkaTopic " + name + ": min.insync.replicas=" + config.get("min.insync.replicas")
                        + " must be set, below replicas " + replicas + " (or 1 with a single replica)");
            }
        });
        Problems.assertNone(problems);
    }

    static List<KafkaNodePool> pools(Rendered rendered, String cluster) {
        return rendered.all(KafkaNodePool.class).stream()
                .filter(p -> cluster.equals(Optional.ofNullable(p.getMetadata().getLabels()).orElse(Map.of())
                        .get("strimzi.io/cluster")))
                .toList();
    }

    static int brokers(Rendered rendered, String cluster) {
        return pools(rendered, cluster).stream()
                .filter(p -> p.getSpec().getRoles() != null && p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas())
                .sum();
    }
}
