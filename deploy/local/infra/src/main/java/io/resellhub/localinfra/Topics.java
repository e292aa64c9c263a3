package io.resellhub.localinfra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of the system, in one place: six event topics with three partitions each, and a
 * dead-letter topic ({@code <topic>.dlq}) with one partition for each. The topics read models are rebuilt
 * from are compacted; the others delete old records.
 */
public final class Topics {

    public static final String PROCESSING_MODULES = "processing-modules";
    public static final String TARIFFS = "tariffs";
    public static final String RESELLING = "reselling";
    /** The provisioning saga, one topic per direction so the ACLs can say who reads and who writes each. */
    public static final String PROVISIONING_REQUESTS = "provisioning-requests";
    public static final String PROVISIONING_RESULTS = "provisioning-results";
    /** Order milestones (activated, failed, closed) for services outside this system: billing, notifications. */
    public static final String ORDERS = "orders";

    public static final int PARTITIONS = 3;
    public static final int DLQ_PARTITIONS = 1;

    private static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The event topics (not the dead-letter ones). */
    public static List<String> eventTopics() {
        return List.of(PROCESSING_MODULES, TARIFFS, RESELLING, PROVISIONING_REQUESTS, PROVISIONING_RESULTS, ORDERS);
    }

    /** The dead-letter topic of {@code topic}, e.g. {@code tariffs.dlq}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** The dead-letter topics, one per event topic. */
    public static List<String> dlqTopics() {
        return eventTopics().stream().map(Topics::dlq).toList();
    }

    /** Every topic, event topics first. */
    public static List<String> all() {
        List<String> all = new ArrayList<>(eventTopics());
        all.addAll(dlqTopics());
        return List.copyOf(all);
    }

    /**
     * The topics read models are rebuilt from: compacted, so the latest record per key (an aggregate's latest
     * state, or the tombstone of a deleted one) is kept forever and a rebuild from the beginning is complete.
     */
    public static List<String> compactedTopics() {
        return List.of(PROCESSING_MODULES, TARIFFS);
    }

    /** The topic configs {@code topic} is created (or brought in line) with. */
    public static Map<String, String> configsOf(String topic) {
        return Map.of("cleanup.policy", compactedTopics().contains(topic) ? "compact" : "delete");
    }

    /** The number of partitions {@code topic} is created with. */
    public static int partitionsOf(String topic) {
        return topic.endsWith(DLQ_SUFFIX) ? DLQ_PARTITIONS : PARTITIONS;
    }

    /** Creates every topic that does not exist yet on {@code broker}, and sets the configs of those that do. */
    public static void createAll(KafkaBroker broker) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        all().forEach(topic -> {
            topics.put(topic, partitionsOf(topic));
            configs.put(topic, configsOf(topic));
        });
        broker.createTopics(topics, configs);
    }
}
