package io.resellhub.reselling.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.resellhub.localinfra.EventContracts;
import io.resellhub.localinfra.RealInfrastructure;

/** Test helper: produces tariff-service and module-service events, and reads what lands on {@code reselling}. */
final class TariffKafka implements AutoCloseable {

    final KafkaProducer<String, String> producer = new KafkaProducer<>(
            Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()), new StringSerializer(),
            new StringSerializer());
    private KafkaConsumer<String, String> reselling;
    private KafkaConsumer<String, String> deadLetters;
    private final List<String> deadLettered = new ArrayList<>();
    final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    /** A tariff as tariff-service would announce it. */
    record Tariff(UUID id, UUID moduleId, String productType, String name, long version, String amount, String cost,
            boolean available, boolean removed) {

        static Tariff of(UUID moduleId, String productType, String name) {
            return new Tariff(UUID.randomUUID(), moduleId, productType, name, 0, "15.00", "10.00", true, false);
        }

        Tariff next(String newName, String newAmount, boolean newAvailable, boolean newRemoved) {
            return new Tariff(id, moduleId, productType, newName, version + 1, newAmount, cost, newAvailable, newRemoved);
        }

        /** The next version with a new upstream cost (a cost sync), the reseller's prices kept. */
        Tariff withCost(String newCost) {
            return new Tariff(id, moduleId, productType, name, version + 1, amount, newCost, available, removed);
        }

        boolean belowCost() {
            return new java.math.BigDecimal(amount).compareTo(new java.math.BigDecimal(cost)) < 0;
        }
    }

    UUID sendTariff(String type, Tariff t) throws Exception {
        UUID eventId = UUID.randomUUID();
        sendTariffEvent(eventId, type, t);
        return eventId;
    }

    void sendTariffEvent(UUID eventId, String type, Tariff t) throws Exception {
        sendTariffEvent(eventId, type, t, false);
    }

    /** Sends the tariff as tariff-service announces it, with its allowBelowCost. */
    UUID sendTariff(String type, Tariff t, boolean allowBelowCost) throws Exception {
        UUID eventId = UUID.randomUUID();
        sendTariffEvent(eventId, type, t, allowBelowCost);
        return eventId;
    }

    void sendTariffEvent(UUID eventId, String type, Tariff t, boolean allowBelowCost) throws Exception {
        String envelope = """
                {"id":"%s","type":"%s","source":"tariff-service","subject":"%s","time":"2026-11-26T07:00:00Z",
                 "dataVersion":1,"data":{"id":"%s","processingModuleId":"%s","upstreamTariffId":"42",
                 "productType":"%s","name":"%s","provider":"My Company",
                 "prices":[{"period":12,"amount":"%s","currency":"USD","upstreamCost":"%s"},
                           {"period":1,"amount":"%s","currency":"USD","upstreamCost":"%s"}],
                 "upstreamAvailable":%s,"upstreamRemoved":%s,"belowCost":%s,"version":%d,"allowBelowCost":%s}}"""
                .formatted(eventId, type, t.id(), t.id(), t.moduleId(), t.productType(), t.name(), t.amount(), t.cost(),
                        t.amount(), t.cost(), t.available(), t.removed(), t.belowCost(), t.version(), allowBelowCost);
        producer.send(new ProducerRecord<>("tariffs", t.id().toString(), EventContracts.check(envelope).toString())).get();
    }

    void sendModule(UUID moduleId, long version, boolean deleted) throws Exception {
        String envelope = """
                {"id":"%s","type":"%s","source":"module-service","subject":"%s","time":"2026-11-26T07:00:00Z",
                 "dataVersion":1,"data":{"id":"%s","productType":"ssl-certificate","moduleType":"billmanager5",
                 "name":"Module","dataCenter":null,"department":"Sales","sort":0,"minimalBalance":null,"currency":null,
                 "integrationUrl":"https://up.example/billmgr","integrationUsername":"reseller","version":%d,"deleted":%s}}"""
                .formatted(UUID.randomUUID(), deleted ? "processing-module.deleted" : "processing-module.created",
                        moduleId, moduleId, version, deleted);
        producer.send(new ProducerRecord<>("processing-modules", moduleId.toString(), EventContracts.check(envelope).toString())).get();
    }

    /** Starts reading {@code reselling} from its current end: only what happens from now on is seen. */
    void listenToReselling() {
        reselling = fromEnd("reselling");
    }

    /** Starts reading the tariffs dead-letter topic from its current end. */
    void listenToDeadLetters() {
        deadLetters = fromEnd("tariffs.dlq");
    }

    /** Polls the dead-letter topic once more and returns every value received from it so far. */
    List<String> pollDeadLetters() {
        for (ConsumerRecord<String, String> record : deadLetters.poll(Duration.ofMillis(200))) {
            deadLettered.add(record.value());
        }
        return deadLettered;
    }

    private static KafkaConsumer<String, String> fromEnd(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** Polls once more and returns everything received so far. */
    List<ConsumerRecord<String, String>> poll() {
        for (ConsumerRecord<String, String> record : reselling.poll(Duration.ofMillis(200))) {
            EventContracts.check(record.value());   // what this service publishes keeps its contract
            received.add(record);
        }
        return received;
    }

    List<ConsumerRecord<String, String>> receivedFor(UUID key) {
        return received.stream().filter(r -> key.toString().equals(r.key())).toList();
    }

    @Override
    public void close() {
        producer.close();
        if (reselling != null) {
            reselling.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}
