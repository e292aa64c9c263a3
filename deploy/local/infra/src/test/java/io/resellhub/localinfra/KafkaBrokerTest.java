package io.resellhub.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @Test
    void theSharedBrokerHasEveryTopicWithItsPartitions() {
        KafkaBroker kafka = RealInfrastructure.kafka();

        assertTrue(kafka.listTopics().containsAll(Topics.all()), kafka.listTopics().toString());
        assertEquals(List.of("processing-modules", "tariffs", "reselling", "provisioning-requests",
                "provisioning-results", "orders", "processing-modules.dlq", "tariffs.dlq", "reselling.dlq",
                "provisioning-requests.dlq", "provisioning-results.dlq", "orders.dlq"), Topics.all());
        assertEquals(3, kafka.partitionCount("provisioning-requests"));
        assertEquals(3, kafka.partitionCount("provisioning-results"));
        assertEquals(1, kafka.partitionCount("provisioning-requests.dlq"));
        assertEquals(1, kafka.partitionCount("provisioning-results.dlq"));
        assertEquals("4.1.2", KafkaBroker.kafkaVersion());
        assertEquals("compact", kafka.topicConfig("tariffs", "cleanup.policy"));
        assertEquals("compact", kafka.topicConfig("processing-modules", "cleanup.policy"));
        assertEquals("delete", kafka.topicConfig("reselling", "cleanup.policy"));
        assertEquals("delete", kafka.topicConfig("tariffs.dlq", "cleanup.policy"));
    }

    @Test
    void anExistingTopicIsBroughtInLineWithItsConfigs() {
        KafkaBroker kafka = RealInfrastructure.kafka();
        String topic = "kafka-broker-test-" + UUID.randomUUID();
        kafka.createTopics(Map.of(topic, 1), Map.of(topic, Map.of("cleanup.policy", "delete")));
        assertEquals("delete", kafka.topicConfig(topic, "cleanup.policy"));

        kafka.createTopics(Map.of(topic, 1), Map.of(topic, Map.of("cleanup.policy", "compact")));
        assertEquals("compact", kafka.topicConfig(topic, "cleanup.policy"));
        assertEquals(1, kafka.partitionCount(topic));
    }

    @Test
    void producesAndConsumesARecord() throws Exception {
        KafkaBroker kafka = RealInfrastructure.kafka();
        String topic = "kafka-broker-test";
        kafka.createTopics(List.of(topic), 2);
        kafka.createTopics(List.of(topic), 2); // idempotent
        assertEquals(2, kafka.partitionCount(topic));

        String key = UUID.randomUUID().toString();
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(topic, key, "{\"type\":\"tariff.updated\"}")).get();
        }

        ConsumerRecord<String, String> received = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "kafka-broker-test-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        received = record;
                    }
                }
            }
        }

        assertTrue(received != null, "record consumed");
        assertEquals("{\"type\":\"tariff.updated\"}", received.value());
        assertEquals(sent.partition(), received.partition());
        assertEquals(sent.offset(), received.offset());
    }

    @Test
    void aPersistentDataDirectoryIsFormattedOnceAndReused(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("kafka");
        Path log = temp.resolve("logs/kafka.log");
        String clusterId;
        Process firstProcess;
        try (KafkaBroker first = KafkaBroker.builder().dataDirectory(data).logFile(log).start()) {
            first.createTopics(List.of("persisted"), 1);
            clusterId = clusterId(data);
            firstProcess = first.process().orElseThrow();
        }
        assertFalse(firstProcess.isAlive(), "the broker JVM is gone after close");

        try (KafkaBroker second = KafkaBroker.builder().dataDirectory(data).logFile(log).start()) {
            assertEquals(clusterId, clusterId(data), "storage not formatted again");
            assertTrue(second.listTopics().contains("persisted"));
        }
        assertTrue(Files.readString(log).contains("Kafka Server started"));
    }

    @Test
    void aBrokerThatCannotStartIsReportedWithItsLog() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> KafkaBroker.builder().port(taken.getLocalPort()).startupTimeout(Duration.ofSeconds(60)).start());

            assertTrue(failure.getMessage().contains("exited with code"), failure.getMessage());
            assertTrue(failure.getMessage().contains("Last lines of"), failure.getMessage());
            assertTrue(failure.getMessage().contains("    | "), failure.getMessage());
        }
    }

    private static String clusterId(Path data) throws Exception {
        return Files.readAllLines(data.resolve("kraft/meta.properties")).stream()
                .filter(line -> line.startsWith("cluster.id="))
                .findFirst().orElseThrow();
    }

    @Test
    void dlqTopicsHaveOnePartition() {
        assertEquals(Set.of("processing-modules.dlq", "tariffs.dlq", "reselling.dlq", "provisioning-requests.dlq",
                "provisioning-results.dlq", "orders.dlq"), Set.copyOf(Topics.dlqTopics()));
        assertEquals(1, Topics.partitionsOf(Topics.dlq(Topics.TARIFFS)));
        assertEquals(3, Topics.partitionsOf(Topics.TARIFFS));
    }
}
