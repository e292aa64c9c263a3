package io.resellhub.launcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The events of one topic from a point on, for a drill's figures: which events its producing service wrote
 * to its outbox since {@link #mark}, how many records reached the topic (a relay sends a batch again when its
 * acknowledgement did not arrive, so a record may come twice), and which of those events each consumer
 * applied (its {@code processed_event} rows, written in the transaction of the effect). Reads the databases
 * and the topic directly; not a test itself.
 */
final class EventFlow {

    /** A consumer: the database it keeps its processed events in and its name there. */
    record Consumer(String database, String name) {
    }

    /** What became of the events written since the mark. */
    record Figures(int written, int unsent, int records, int distinctRecords, Map<Consumer, Integer> applied,
            Map<Consumer, Integer> missing) {

        /** Records beyond the first of each event on the topic. */
        int duplicateRecords() {
            return records - distinctRecords;
        }

        boolean settled() {
            return unsent == 0 && missing.values().stream().allMatch(count -> count == 0);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder().append(written).append(" written, ").append(unsent)
                    .append(" unsent, ").append(records).append(" records on the topic (").append(duplicateRecords())
                    .append(" duplicates)");
            applied.forEach((consumer, count) -> text.append(", applied by ").append(consumer.name()).append(' ')
                    .append(count).append(" (missing ").append(missing.get(consumer)).append(')'));
            return text.toString();
        }
    }

    private final RunningStack stack;
    private final String topic;
    private final String producerDatabase;
    private final List<Consumer> consumers;
    private final long outboxIdBefore;
    private final Map<TopicPartition, Long> offsetsBefore;

    private EventFlow(RunningStack stack, String topic, String producerDatabase, List<Consumer> consumers,
            long outboxIdBefore, Map<TopicPartition, Long> offsetsBefore) {
        this.stack = stack;
        this.topic = topic;
        this.producerDatabase = producerDatabase;
        this.consumers = consumers;
        this.outboxIdBefore = outboxIdBefore;
        this.offsetsBefore = offsetsBefore;
    }

    /** Marks now: the events written after this call are the ones counted. */
    static EventFlow mark(RunningStack stack, String topic, String producerDatabase, Consumer... consumers)
            throws SQLException {
        long outboxId;
        try (Connection db = stack.postgres().connect(producerDatabase);
                ResultSet rs = db.createStatement().executeQuery("SELECT coalesce(max(id), 0) FROM outbox")) {
            rs.next();
            outboxId = rs.getLong(1);
        }
        try (KafkaConsumer<String, String> reader = reader(stack)) {
            return new EventFlow(stack, topic, producerDatabase, List.of(consumers), outboxId,
                    reader.endOffsets(partitions(reader, topic)));
        }
    }

    /** The events written since the mark, and what became of them. */
    Figures figures() throws SQLException {
        Set<UUID> written = new HashSet<>();
        int unsent = 0;
        try (Connection db = stack.postgres().connect(producerDatabase);
                PreparedStatement select = db.prepareStatement(
                        "SELECT event_id, sent_at IS NULL FROM outbox WHERE id > ? AND topic = ? AND envelope IS NOT NULL")) {
            select.setLong(1, outboxIdBefore);
            select.setString(2, topic);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getObject(1, UUID.class));
                    unsent += rs.getBoolean(2) ? 1 : 0;
                }
            }
        }
        int records = 0;
        Set<UUID> distinct = new HashSet<>();
        for (ConsumerRecord<String, String> record : recordsSinceMark()) {
            if (record.value() == null) {
                continue; // a tombstone
            }
            JsonNode envelope;
            try {
                envelope = OrdersThroughGateway.readTree(record.value());
            } catch (Exception e) {
                continue; // not ours to judge here
            }
            UUID id = UUID.fromString(envelope.path("id").asText());
            if (written.contains(id)) {
                records++;
                distinct.add(id);
            }
        }
        Map<Consumer, Integer> applied = new HashMap<>();
        Map<Consumer, Integer> missing = new HashMap<>();
        for (Consumer consumer : consumers) {
            Set<UUID> processed = processed(consumer);
            int count = (int) written.stream().filter(processed::contains).count();
            applied.put(consumer, count);
            missing.put(consumer, written.size() - count);
        }
        return new Figures(written.size(), unsent, records, distinct.size(), applied, missing);
    }

    private Set<UUID> processed(Consumer consumer) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        try (Connection db = stack.postgres().connect(consumer.database());
                PreparedStatement select = db.prepareStatement("SELECT event_id FROM processed_event WHERE consumer = ?")) {
            select.setString(1, consumer.name());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** The topic. */
    @Override
    public String toString() {
        return topic;
    }

    private List<ConsumerRecord<String, String>> recordsSinceMark() {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = reader(stack)) {
            List<TopicPartition> partitions = partitions(reader, topic);
            reader.assign(partitions);
            partitions.forEach(partition -> reader.seek(partition, offsetsBefore.getOrDefault(partition, 0L)));
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> reader, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : reader.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return partitions;
    }

    private static KafkaConsumer<String, String> reader(RunningStack stack) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"), new StringDeserializer(), new StringDeserializer());
    }
}
