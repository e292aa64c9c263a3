package io.resellhub.module.provisioning;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.module.RealInfrastructureProfile;
import io.resellhub.module.SimulatorResource;
import io.resellhub.simulator.BillmanagerSimulator;
import io.resellhub.simulator.Fault;
import io.resellhub.simulator.Plan;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * A fault drill on the real broker, database and simulator: the upstream answers nothing but HTTP 500 for
 * 30 s in the middle of a burst of 200 orders. With production-like attempts and back-off and the breaker
 * on, every order ends ordered exactly once.
 */
@QuarkusTest
@TestProfile(ProvisioningDrillTest.Drill.class)
class ProvisioningDrillTest {

    /** Attempts and back-off that outlast a 30 s outage, and the breaker as in production. */
    public static class Drill extends RealInfrastructureProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("module-service.provisioning.max-attempts", "30");
            overrides.put("module-service.provisioning.max-backoff", "3s");
            overrides.put("module-service.upstream.circuit-breaker.failure-threshold", "5");
            overrides.put("module-service.upstream.circuit-breaker.delay", "2s");
            return overrides;
        }
    }

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper mapper;

    final BillmanagerSimulator simulator = SimulatorResource.simulator();

    @AfterEach
    void tearDown() {
        simulator.clearFaults();
        simulator.setBalance(new BigDecimal("1000.00"));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE processing_module SET deleted_at = now() WHERE deleted_at IS NULL").executeUpdate());
    }

    @Test
    void theUpstreamDownFor30SecondsDuringABurstLosesNoOrderAndOrdersNoneTwice() throws Exception {
        simulator.setBalance(new BigDecimal("1000000.00"));
        String module = createModule();
        Plan plan = simulator.orderablePlan("soft");
        int period = plan.shortestMonthlyPeriod().orElse(plan.periods().get(0));
        long ordersBefore = simulator.callCount("soft.order.param");
        List<UUID> orders = new ArrayList<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 200; i++) {
                if (i == 40) {
                    simulator.failNext(null, 1_000_000, Fault.http500());   // the upstream goes down
                }
                UUID orderId = UUID.randomUUID();
                orders.add(orderId);
                producer.send(new ProducerRecord<>(ProvisioningEvents.REQUESTS_TOPIC, orderId.toString(),
                        request(orderId, module, plan.id(), period, "10.9." + (i / 250) + "." + (i % 250))));
            }
            producer.flush();
        }
        await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(31)).until(() -> true);
        simulator.clearFaults();   // ... and is back
        long back = System.nanoTime();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> succeeded(orders) == orders.size());
        long converged = System.nanoTime();

        int duplicates = 0;
        int services = 0;
        for (UUID orderId : orders) {
            int withNote = simulator.state().servicesWithNote(orderId.toString()).size();
            services += withNote;
            duplicates += Math.max(0, withNote - 1);
        }
        System.out.printf("[drill] upstream down 30 s during 200 orders: %d requested, %d upstream services, %d"
                + " duplicates, %d order calls, all succeeded %d ms after the upstream came back (%d ms in all)%n",
                orders.size(), services, duplicates, simulator.callCount("soft.order.param") - ordersBefore,
                (converged - back) / 1_000_000, (converged - start) / 1_000_000);
        assertEquals(orders.size(), services, "one upstream service per order");
        assertEquals(0, duplicates);
    }

    private long succeeded(List<UUID> orders) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM provisioning_action WHERE status = 'SUCCEEDED' AND order_id = ANY(?1)")
                .setParameter(1, orders.toArray(new UUID[0])).getSingleResult()).longValue());
    }

    private String request(UUID orderId, String module, String planId, int period, String ip) throws Exception {
        Map<String, Object> data = new HashMap<>();
        data.put("orderId", orderId.toString());
        data.put("action", "order");
        data.put("actionId", UUID.randomUUID().toString());
        data.put("tariffId", UUID.randomUUID().toString());
        data.put("processingModuleId", module);
        data.put("upstreamTariffId", planId);
        data.put("productType", "ispsystem-license");
        data.put("period", period);
        data.put("params", Map.of("ip", ip));
        return mapper.writeValueAsString(Map.of("id", UUID.randomUUID().toString(), "type", "provisioning.requested",
                "source", "reselling-service", "subject", orderId.toString(), "time", "2026-12-02T03:00:00Z",
                "dataVersion", 1, "data", data));
    }

    private String createModule() {
        Map<String, Object> body = new HashMap<>();
        body.put("productType", "ispsystem-license");
        body.put("moduleType", "billmanager5");
        body.put("integration", Map.of("url", simulator.baseUrl(), "username", simulator.username(),
                "password", simulator.password()));
        body.put("name", "Drill licenses");
        return given().contentType(ContentType.JSON).body(body).when().post("/processing-modules")
                .then().statusCode(201).extract().path("id");
    }
}
