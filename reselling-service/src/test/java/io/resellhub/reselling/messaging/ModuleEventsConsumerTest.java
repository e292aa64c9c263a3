package io.resellhub.reselling.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.EventContracts;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.reselling.RealInfrastructureProfile;
import io.resellhub.reselling.domain.ModuleView;

/** module-service's events reach the read model through the real broker: idempotent, ordered by version, poison parked. */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class ModuleEventsConsumerTest {

    KafkaProducer<String, String> producer;

    @BeforeEach
    void createProducer() {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void createdEventBuildsTheReadModel() throws Exception {
        UUID moduleId = UUID.randomUUID();
        send(moduleId, envelope(UUID.randomUUID(), "processing-module.created", moduleId, "Upstream SSL", 0, false));

        ModuleView view = awaitView(moduleId, 0);
        assertEquals("ssl-certificate", view.productType);
        assertEquals("Upstream SSL", view.name);
        assertEquals(false, view.deleted);
    }

    @Test
    void redeliveredEventIsAppliedOnce() throws Exception {
        UUID moduleId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String event = envelope(eventId, "processing-module.created", moduleId, "First", 0, false);
        sendToFirstPartition(moduleId, event);
        Instant firstApplied = awaitView(moduleId, 0).updatedAt;

        // The same event again (same version, so only the processed-event guard can stop it), then a marker on
        // the same partition: once the marker is applied, the redelivery was consumed before it.
        sendToFirstPartition(moduleId, event);
        UUID marker = UUID.randomUUID();
        sendToFirstPartition(marker, envelope(UUID.randomUUID(), "processing-module.created", marker, "Marker", 0, false));
        awaitView(marker, 0);

        ModuleView view = QuarkusTransaction.requiringNew().call(() -> ModuleView.<ModuleView>findById(moduleId));
        assertEquals(firstApplied, view.updatedAt, "a second apply would have stamped the view again");
    }

    @Test
    void olderVersionArrivingLateChangesNothing() throws Exception {
        UUID moduleId = UUID.randomUUID();
        send(moduleId, envelope(UUID.randomUUID(), "processing-module.deleted", moduleId, "Gone", 3, true));
        awaitView(moduleId, 3);
        send(moduleId, envelope(UUID.randomUUID(), "processing-module.updated", moduleId, "Stale", 2, false));
        UUID marker = UUID.randomUUID();
        send(marker, envelope(UUID.randomUUID(), "processing-module.created", marker, "Marker", 0, false));
        awaitView(marker, 0);

        ModuleView view = QuarkusTransaction.requiringNew().call(() -> ModuleView.<ModuleView>findById(moduleId));
        assertEquals("Gone", view.name);
        assertTrue(view.deleted);
    }

    @Test
    void aTombstoneMarksTheModuleDeletedAndOneOfAnUnknownModuleIsIgnored() throws Exception {
        UUID moduleId = UUID.randomUUID();
        send(moduleId, envelope(UUID.randomUUID(), "processing-module.created", moduleId, "Compacted", 0, false));
        awaitView(moduleId, 0);
        producer.send(new ProducerRecord<>("processing-modules", moduleId.toString(), null)).get();
        producer.send(new ProducerRecord<>("processing-modules", UUID.randomUUID().toString(), null)).get();
        UUID marker = UUID.randomUUID();
        send(marker, envelope(UUID.randomUUID(), "processing-module.created", marker, "Marker", 0, false));
        awaitView(marker, 0);

        ModuleView view = await().atMost(Duration.ofSeconds(30)).until(
                () -> QuarkusTransaction.requiringNew().call(() -> ModuleView.<ModuleView>findById(moduleId)),
                v -> v.deleted);
        assertEquals("Compacted", view.name);
        assertEquals(0, view.version);
    }

    @Test
    void unreadableEventGoesToTheDeadLetterTopic() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            dlq.subscribe(List.of("processing-modules.dlq"));
            producer.send(new ProducerRecord<>("processing-modules", key, "{not json")).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : dlq.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    private ModuleView awaitView(UUID moduleId, long version) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> QuarkusTransaction.requiringNew().call(() -> ModuleView.<ModuleView>findById(moduleId)),
                view -> view != null && view.version == version);
    }

    private void sendToFirstPartition(UUID key, String envelope) throws Exception {
        producer.send(new ProducerRecord<>("processing-modules", 0, key.toString(), envelope)).get();
    }

    private void send(UUID key, String envelope) throws Exception {
        producer.send(new ProducerRecord<>("processing-modules", key.toString(), envelope)).get();
    }

    private static String envelope(UUID eventId, String type, UUID moduleId, String name, long version, boolean deleted) {
        String event = """
                {"id":"%s","type":"%s","source":"module-service","subject":"%s","time":"2026-11-26T07:00:00Z",
                 "dataVersion":1,"data":{"id":"%s","productType":"ssl-certificate","moduleType":"billmanager5",
                 "name":"%s","dataCenter":"Frankfurt","department":null,"sort":0,"minimalBalance":100.0,"currency":"USD",
                 "integrationUrl":"https://up.example/billmgr","integrationUsername":"reseller","version":%d,"deleted":%s}}"""
                .formatted(eventId, type, moduleId, moduleId, name, version, deleted);
        EventContracts.check(event);
        return event;
    }
}
