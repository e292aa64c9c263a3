package io.resellhub.tariff.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.outbox.OutboxConfig;
import io.resellhub.commons.outbox.OutboxRelay;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.tariff.RealInfrastructureProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Two relays on one database, as two replicas run them: the service's own and a second instance built here.
 * Only the holder of the relay lock publishes; when its lock session is killed the other takes over within
 * seconds, and one aggregate's events still reach Kafka in the order they were written.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class OutboxRelayFailoverTest {

    private static final int EVENTS = 150;

    @Inject
    OutboxRelay relay;

    @Inject
    Outbox outbox;

    @Inject
    OutboxConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void standbyTakesOverWhenTheActiveRelaysLockSessionDiesAndOneAggregateStaysInOrder() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(relay::isActive);
        // The second replica's relay asks for the lock five times as often, so it, not the deposed relay,
        // is the one that wins it back.
        OutboxRelay standby = new OutboxRelay(entityManager, new FastStandby(config), clock, registry,
                RealInfrastructure.kafkaBootstrapServers(), "tariff-service", jdbcUrl, username, password);
        String aggregateId = UUID.randomUUID().toString();
        AtomicInteger written = new AtomicInteger();
        try {
            standby.start();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> relay.isActive() && !standby.isActive());

            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int seq = 1; seq <= EVENTS; seq++) {
                    int value = seq;
                    QuarkusTransaction.requiringNew().run(() -> outbox.publish("tariffs", "test.sequenced", aggregateId,
                            Map.of("version", value)));
                    written.set(value);
                    sleep(15);
                }
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> written.get() >= EVENTS / 3);
            long killed = terminate(relay.lockSessionPid());
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> standby.isActive() && standby.lockSessionPid() != killed);
            long takeoverMs = (System.nanoTime() - started) / 1_000_000;
            await().atMost(Duration.ofSeconds(5)).until(() -> !relay.isActive());
            System.out.printf("Relay failover: lock session %d killed, standby active after %d ms%n", killed, takeoverMs);
            assertTrue(takeoverMs < 5_000, "took over in " + takeoverMs + " ms");

            await().atMost(Duration.ofSeconds(10)).until(() -> written.get() >= 2 * EVENTS / 3);
            long handedOver = System.nanoTime();
            standby.stop();
            await().atMost(Duration.ofSeconds(5)).until(relay::isActive);
            System.out.printf("Relay hand-over: standby stopped, first relay active again after %d ms%n",
                    (System.nanoTime() - handedOver) / 1_000_000);

            writer.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> unsent(aggregateId) == 0);
        } finally {
            standby.stop();
        }

        List<Integer> received = versionsOn("tariffs", aggregateId);
        List<Integer> firstSeen = new ArrayList<>();
        for (int version : received) {
            if (firstSeen.isEmpty() || version > firstSeen.get(firstSeen.size() - 1)) {
                firstSeen.add(version);
            } else {
                // A redelivered event is fine (consumers drop it by id and version), a gap is not.
                assertTrue(firstSeen.contains(version), "version " + version + " arrived after a later one: " + received);
            }
        }
        assertEquals(EVENTS, firstSeen.size(), "every event arrived, in order: " + received);
        System.out.printf("Relay failover: %d events written, %d records received (%d duplicates)%n", EVENTS,
                received.size(), received.size() - EVENTS);
    }

    @Test
    void aSecondRelayStandsByWhileTheFirstHoldsTheLock() {
        await().atMost(Duration.ofSeconds(10)).until(relay::isActive);
        OutboxRelay second = new OutboxRelay(entityManager, new FastStandby(config), clock, registry,
                RealInfrastructure.kafkaBootstrapServers(), "tariff-service", jdbcUrl, username, password);
        try {
            second.start();
            String aggregateId = UUID.randomUUID().toString();
            QuarkusTransaction.requiringNew().run(() -> outbox.publish("tariffs", "test.happened", aggregateId,
                    Map.of("version", 1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> unsent(aggregateId) == 0);
            assertFalse(second.isActive(), "the second relay never became active");
            assertEquals(0, second.lockSessionPid());
            assertEquals(1, versionsOn("tariffs", aggregateId).size(), "published once");
        } finally {
            second.stop();
        }
        assertTrue(relay.isActive());
    }

    private long terminate(int pid) {
        assertTrue(pid > 0, "the active relay has a lock session");
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("SELECT pg_terminate_backend(?1)").setParameter(1, pid).getSingleResult());
        return pid;
    }

    private long unsent(String aggregateId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox WHERE aggregate_id = ?1 AND sent_at IS NULL")
                .setParameter(1, aggregateId).getSingleResult()).longValue());
    }

    private List<Integer> versionsOn(String topic, String key) {
        List<Integer> versions = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "relay-failover-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // Read until the topic has been quiet for 2 s after the last record of the key.
            while (System.nanoTime() < deadline && (versions.isEmpty()
                    || System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos())) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        versions.add(read(record.value()));
                        quietSince = System.nanoTime();
                    }
                }
            }
        }
        return versions;
    }

    private int read(String envelope) {
        try {
            return mapper.readTree(envelope).get("data").get("version").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The service's outbox settings, with a standby that asks for the lock every 200 ms. */
    private record FastStandby(OutboxConfig base) implements OutboxConfig {

        @Override
        public Duration pollInterval() {
            return base.pollInterval();
        }

        @Override
        public int batchSize() {
            return base.batchSize();
        }

        @Override
        public Duration sendTimeout() {
            return base.sendTimeout();
        }

        @Override
        public Duration standbyInterval() {
            return Duration.ofMillis(200);
        }

        @Override
        public Duration retention() {
            return base.retention();
        }
    }
}
