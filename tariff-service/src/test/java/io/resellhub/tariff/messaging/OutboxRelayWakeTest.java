package io.resellhub.tariff.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.outbox.OutboxRelay;
import io.resellhub.tariff.RealInfrastructureProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * A commit wakes the relay of its replica: the event goes out at once, not after the relay's pause. The pause is
 * 10 s here, so an event committed right after a round would otherwise wait that long.
 */
@QuarkusTest
@TestProfile(OutboxRelayWakeTest.LongPause.class)
class OutboxRelayWakeTest {

    /** The real infrastructure, with a relay that pauses 10 s between rounds. */
    public static class LongPause extends RealInfrastructureProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("resellhub.outbox.poll-interval", "10s");
            return overrides;
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager entityManager;

    @Test
    void anEventCommittedWhileTheRelayPausesIsPublishedAtOnce() {
        await().atMost(Duration.ofSeconds(15)).until(relay::isActive);
        // The first event ends the pause under way; once it is sent, the relay has just finished a round and
        // pauses 10 s from here.
        String first = publish();
        await().atMost(Duration.ofSeconds(15)).until(() -> unsent(first) == 0);

        long started = System.nanoTime();
        String second = publish();
        await().atMost(Duration.ofSeconds(3)).until(() -> unsent(second) == 0);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Outbox: event committed during the relay's 10 s pause sent after %d ms%n", millis);
        assertTrue(millis < 3_000, "sent after " + millis + " ms");
    }

    private String publish() {
        String aggregateId = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> outbox.publish("tariffs", "test.happened", aggregateId,
                Map.of("version", 1)));
        return aggregateId;
    }

    private long unsent(String aggregateId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox WHERE aggregate_id = ?1 AND sent_at IS NULL")
                .setParameter(1, aggregateId).getSingleResult()).longValue());
    }
}
