package io.resellhub.reselling.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.resellhub.commons.api.ResellingDtos.ParkedEvent;
import io.resellhub.commons.events.KafkaClientSecurity;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The parked records of the dead-letter topics, for operators: listed, and replayed to the topic they came
 * from (consumers are idempotent, so a replayed event that was applied after all changes nothing). A replay
 * consumer group remembers how far each dead-letter topic was replayed, so a record is replayed once and the
 * list shows only what is still parked.
 */
@ApplicationScoped
public class DeadLetters {

    /** The dead-letter topics of the system's consumers. */
    public static final Set<String> TOPICS = Set.of("processing-modules.dlq", "tariffs.dlq", "reselling.dlq",
            "provisioning-requests.dlq", "provisioning-results.dlq");

    private static final String REPLAY_GROUP = "dead-letter-replay";
    private static final Duration POLL = Duration.ofMillis(500);

    private final String bootstrapServers;

    public DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The records still parked in {@code topic} (not replayed yet), oldest first, at most {@code limit}. */
    public List<ParkedEvent> list(String topic, int limit) {
        requireKnown(topic);
        List<ParkedEvent> parked = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            readParked(consumer, topic, record -> {
                if (parked.size() < limit) {
                    parked.add(parked(topic, record));
                }
                return parked.size() < limit;
            });
        }
        return parked;
    }

    /** Sends every parked record of {@code topic} back to the topic it came from; the count sent. */
    public int replay(String topic) {
        requireKnown(topic);
        int[] sent = {0};
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer();
                KafkaProducer<String, String> producer = producer()) {
            readParked(consumer, topic, record -> {
                String to = parked(topic, record).fromTopic();
                producer.send(new ProducerRecord<>(to, record.key(), record.value()));
                done.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
                sent[0]++;
                return true;
            });
            producer.flush();
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
        }
        Log.infof("Dead letters: %d record(s) of %s replayed", sent[0], topic);
        return sent[0];
    }

    private interface RecordVisitor {
        boolean visit(ConsumerRecord<String, String> record);
    }

    /** Reads {@code topic} from the replay group's position (or the beginning) up to its current end. */
    private static void readParked(KafkaConsumer<String, String> consumer, String topic, RecordVisitor visitor) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata position = committed.get(partition);
            if (position == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, position.offset());
            }
        }
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                if (record.offset() < end.get(new TopicPartition(topic, record.partition())) && !visitor.visit(record)) {
                    return;
                }
            }
        }
    }

    private static ParkedEvent parked(String topic, ConsumerRecord<String, String> record) {
        String from = header(record, "dead-letter-topic");
        return new ParkedEvent(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), record.key(),
                from != null ? from : topic.substring(0, topic.length() - ".dlq".length()),
                header(record, "dead-letter-reason"), record.value());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void requireKnown(String topic) {
        if (topic == null || !TOPICS.contains(topic)) {
            throw ProblemException.badRequest("Unknown dead-letter topic '" + topic + "'", List.of(
                    new Problem.FieldError("topic", "must be one of " + TOPICS.stream().sorted().toList())));
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(KafkaClientSecurity.with(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP,
                ConsumerConfig.CLIENT_ID_CONFIG, REPLAY_GROUP + "-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(),
                new StringDeserializer());
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(KafkaClientSecurity.with(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")), new StringSerializer(), new StringSerializer());
    }
}
