package io.resellhub.module.provisioning;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.commons.scheduling.ScheduledRuns;
import io.resellhub.localinfra.EventContracts;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.module.RealInfrastructureProfile;
import io.resellhub.module.SimulatorResource;
import io.resellhub.module.service.ModuleConnections;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.simulator.BillmanagerSimulator;
import io.resellhub.simulator.Fault;
import io.resellhub.simulator.Plan;
import io.resellhub.simulator.ServiceSnapshot;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The module-service side of the order saga, against real PostgreSQL, Kafka and the BILLmanager simulator. */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class ProvisioningSagaTest {

    @Inject
    EntityManager entityManager;

    @Inject
    ProvisioningWorker worker;

    @Inject
    ProvisioningDispatcher dispatcher;

    @Inject
    ObjectMapper mapper;

    @Inject
    ModuleConnections connections;

    @Inject
    BillmanagerClient client;

    @Inject
    ScheduledRuns runs;

    @Inject
    ProvisioningConfig config;

    final BillmanagerSimulator simulator = SimulatorResource.simulator();
    KafkaConsumer<String, String> topic;
    final List<JsonNode> seen = new ArrayList<>();
    String licenseModule;
    String certificateModule;

    @BeforeEach
    void setUp() {
        simulator.setBalance(new BigDecimal("1000.00"));
        simulator.clearFaults();
        licenseModule = createModule("ispsystem-license");
        certificateModule = createModule("ssl-certificate");
        topic = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "module-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        topic.subscribe(List.of(ProvisioningEvents.RESULTS_TOPIC));
    }

    @AfterEach
    void tearDown() {
        dispatcher.resume();
        simulator.setServiceListLag(Duration.ZERO);
        topic.close();
        simulator.clearFaults();
        simulator.setBalance(new BigDecimal("1000.00"));
        // Tests share one upstream account: retire the modules so the next test may attach it again.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE processing_module SET deleted_at = now() WHERE deleted_at IS NULL").executeUpdate());
    }

    @Test
    void licenseOrderSucceedsOnceEvenWhenTheRequestIsDeliveredAgain() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        long ordersBefore = simulator.callCount("soft.order.param");
        String event = requested(UUID.randomUUID(), orderId, actionId, "order", licenseModule, "ispsystem-license",
                licensePlan(), Map.of("ip", "10.0.0.7"), null, null);
        send(orderId, event);
        send(orderId, event);   // the same envelope again
        send(orderId, requested(UUID.randomUUID(), orderId, actionId, "order", licenseModule, "ispsystem-license",
                licensePlan(), Map.of("ip", "10.0.0.7"), null, null));   // a re-publication, same action

        // A re-publication of a finished action has its result published again: identical, never a new order.
        await().atMost(Duration.ofSeconds(30)).until(() -> !results(actionId).isEmpty());
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<JsonNode> all = results(actionId);
        assertTrue(all.size() <= 2, all.toString());
        all.forEach(r -> assertEquals(all.get(0).get("data"), r.get("data")));
        JsonNode result = all.get(0);
        assertEquals("provisioning.succeeded", result.get("type").asText());
        JsonNode data = result.get("data");
        assertEquals(orderId.toString(), data.get("orderId").asText());
        assertEquals("order", data.get("action").asText());
        assertEquals(licenseModule, data.get("processingModuleId").asText());
        assertEquals(2, data.get("serviceStatus").asInt());
        assertTrue(data.get("expiresAt").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(data.hasNonNull("licenseKey"));
        List<ServiceSnapshot> services = simulator.state().servicesWithNote(orderId.toString());
        assertEquals(1, services.size());
        assertEquals(services.get(0).id(), data.get("upstreamServiceId").asText());

        assertEquals(1, simulator.callCount("soft.order.param") - ordersBefore, "ordered once");
    }

    @Test
    void oneActionAskedForTwiceInOnePollIsRecordedOnce() throws Exception {
        dispatcher.pause();
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        List<ProvisioningWorker.Requested> poll = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            UUID eventId = UUID.randomUUID();
            JsonNode data = mapper.readTree(requested(eventId, orderId, actionId, "order", licenseModule,
                    "ispsystem-license", licensePlan(), Map.of("ip", "10.0.0.8"), null, null)).get("data");
            poll.add(new ProvisioningWorker.Requested(eventId, mapper.treeToValue(data, ProvisioningRequest.class)));
        }

        assertEquals(1, worker.recordAll(poll));
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                "SELECT count(a) FROM ProvisioningAction a WHERE a.orderId = :order", Long.class)
                .setParameter("order", orderId).getSingleResult()));
        assertEquals(ProvisioningAction.Status.PENDING, actionRow(actionId).status);
    }

    @Test
    void transientOrderFailuresAreRetriedAndOrderExactlyOnce() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        simulator.failNext("soft.order.param", 3, Fault.http500());
        send(orderId, requested(UUID.randomUUID(), orderId, actionId, "order", licenseModule, "ispsystem-license",
                licensePlan(), Map.of("ip", "10.0.0.8"), null, null));

        JsonNode result = awaitResult(actionId);
        assertEquals("provisioning.succeeded", result.get("type").asText(), result.toString());
        assertEquals(1, simulator.state().servicesWithNote(orderId.toString()).size());
        assertTrue(actionRow(actionId).attempts >= 2, "retried with back-off");
    }

    @Test
    void insufficientBalanceFailsWithAReasonAndIsNotRetried() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        simulator.setBalance(new BigDecimal("0.01"));
        long ordersBefore = simulator.callCount("soft.order.param");
        send(orderId, requested(UUID.randomUUID(), orderId, actionId, "order", licenseModule, "ispsystem-license",
                licensePlan(), Map.of("ip", "10.0.0.9"), null, null));

        JsonNode result = awaitResult(actionId);
        assertEquals("provisioning.failed", result.get("type").asText());
        assertEquals("INSUFFICIENT_BALANCE", result.get("data").get("kind").asText());
        assertTrue(result.get("data").get("reason").asText().contains("balance"), result.toString());
        assertEquals(1, simulator.callCount("soft.order.param") - ordersBefore);
        assertEquals(0, simulator.state().servicesWithNote(orderId.toString()).size());
        assertEquals(1, actionRow(actionId).attempts);
    }

    @Test
    void aCrashBetweenTheUpstreamCallAndTheResultIsRecoveredWithoutOrderingAgain() {
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        ProvisioningWorker.Claim claim = claimAlone(licenseRequest(orderId, actionId, "10.0.0.10"));
        ProvisioningWorker.Outcome outcome = worker.attempt(claim);   // ordered upstream ...
        assertEquals(ProvisioningWorker.Outcome.Kind.SUCCEEDED, outcome.kind());
        // ... and the process "dies" here: the result and its event are never stored.
        assertEquals(ProvisioningAction.Status.RUNNING, actionRow(actionId).status);
        long ordersBefore = simulator.callCount("soft.order.param");
        dispatcher.resume();

        JsonNode result = awaitResult(actionId);   // the lease runs out, the dispatcher claims it again
        assertEquals("provisioning.succeeded", result.get("type").asText());
        assertEquals(outcome.service().id(), result.get("data").get("upstreamServiceId").asText());
        assertEquals(1, simulator.state().servicesWithNote(orderId.toString()).size());
        assertEquals(ordersBefore, simulator.callCount("soft.order.param"), "not ordered again");
        assertEquals(2, actionRow(actionId).attempts);
    }

    @Test
    void aWorkerWhoseLeaseRanOutWhileItWaitedNeverCallsUpstream() {
        // "Replica A" claims 12 orders and stalls until their leases ran out; "replica B" (the dispatcher) takes
        // them over. The upstream takes 1 s per order and its service list lags 10 s behind, so a look by note
        // cannot tell that the other replica ordered: only the fencing token keeps A from ordering again.
        simulator.setBalance(new BigDecimal("100000.00"));
        simulator.setServiceListLag(Duration.ofSeconds(10));
        simulator.failNext("soft.order.param", 12, Fault.slow(Duration.ofSeconds(1)));
        List<UUID> orders = new ArrayList<>();
        List<ProvisioningWorker.Claim> stale = new ArrayList<>();
        dispatcher.pause();
        for (int i = 0; i < 12; i++) {
            UUID orderId = UUID.randomUUID();
            orders.add(orderId);
            worker.record(UUID.randomUUID(), licenseRequest(orderId, UUID.randomUUID(), "10.0.1." + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            stale.addAll(worker.claimDue(100).stream().filter(c -> orders.contains(c.orderId())).toList());
            return stale.size() == orders.size();
        });
        long ordersBefore = simulator.callCount("soft.order.param");
        await().pollDelay(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5)).until(() -> true); // leases end
        dispatcher.resume();
        stale.parallelStream().forEach(worker::run);   // A wakes up while B orders
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream().allMatch(id -> status(id)
                == ProvisioningAction.Status.SUCCEEDED));

        for (UUID orderId : orders) {
            assertEquals(1, simulator.state().servicesWithNote(orderId.toString()).size(), "order " + orderId);
        }
        assertEquals(orders.size(), simulator.callCount("soft.order.param") - ordersBefore,
                "each order reached upstream exactly once");
    }

    @Test
    void anOrderWhoseAttemptsRanOutAfterAnAmbiguousFailureIsFoundByNoteAndSucceeds() {
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        long ordersBefore = simulator.callCount("soft.order.param");
        // The order is placed but its answer is lost, and every look for it fails until the last one:
        // attempt 1 looks once after the lost answer, attempts 2..6 look first; each look is 3 calls (2 retries).
        simulator.failNext("soft.order.param", 1, Fault.dropAfterProcessing());
        simulator.failNext("soft", 6 * 3, Fault.http500());
        send(orderId, licenseRequestEvent(orderId, actionId, "10.0.0.13"));

        JsonNode result = awaitResult(actionId);
        assertEquals("provisioning.succeeded", result.get("type").asText(), result.toString());
        assertEquals(1, simulator.state().servicesWithNote(orderId.toString()).size());
        assertEquals(1, simulator.callCount("soft.order.param") - ordersBefore, "ordered once");
        assertEquals(6, actionRow(actionId).attempts, "every attempt used, then found by note");
    }

    @Test
    void credentialsThatCannotBeOpenedFailTheActionWithAClearReason() {
        String module = createModule("ispsystem-module");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE processing_module SET password_key_id = 'gone' WHERE id = ?1")
                .setParameter(1, UUID.fromString(module)).executeUpdate());
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        send(orderId, requested(UUID.randomUUID(), orderId, actionId, "order", module, "ispsystem-module",
                simulator.orderablePlan("softmodule"), Map.of("parent", "1"), null, null));

        JsonNode result = awaitResult(actionId);
        assertEquals("provisioning.failed", result.get("type").asText());
        assertEquals("CREDENTIALS", result.get("data").get("kind").asText());
        assertTrue(result.get("data").get("reason").asText().contains("cannot be opened"), result.toString());
        assertEquals(6, actionRow(actionId).attempts);
    }

    @Test
    void aFinishedActionAskedForAgainHasItsResultPublishedAgainWithoutCallingUpstream() {
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        send(orderId, licenseRequestEvent(orderId, actionId, "10.0.0.14"));
        JsonNode first = awaitResult(actionId);
        long ordersBefore = simulator.callCount("soft.order.param");

        send(orderId, licenseRequestEvent(orderId, actionId, "10.0.0.14"));   // a reconciling re-request

        await().atMost(Duration.ofSeconds(30)).until(() -> results(actionId).size() == 2);
        JsonNode again = results(actionId).get(1);
        assertEquals(first.get("type").asText(), again.get("type").asText());
        assertEquals(first.get("data"), again.get("data"));
        assertEquals(ordersBefore, simulator.callCount("soft.order.param"));
    }

    @Test
    void certificatesWaitingToBecomeActiveAreCheckedWithOneListCallForAll() {
        simulator.setBalance(new BigDecimal("100000.00"));
        Plan plan = simulator.orderablePlan("certificate");
        List<UUID> actions = new ArrayList<>();
        long listsBefore = simulator.callCount("certificate");
        for (int i = 0; i < 10; i++) {
            UUID orderId = UUID.randomUUID();
            UUID actionId = UUID.randomUUID();
            actions.add(actionId);
            send(orderId, requested(UUID.randomUUID(), orderId, actionId, "order", certificateModule,
                    "ssl-certificate", plan, Map.of("domain", "batch-" + i + ".example.com"), null, null));
        }
        for (UUID actionId : actions) {
            assertEquals("provisioning.succeeded", awaitResult(actionId).get("type").asText());
        }
        long lists = simulator.callCount("certificate") - listsBefore;
        // ~2 s of processing checked once per activation-poll: a list call covers all ten certificates (one per
        // certificate would be ten times as many).
        long bound = Duration.ofSeconds(3).dividedBy(config.activationPoll()) + 1;
        assertTrue(lists <= bound, "list calls for 10 waiting certificates: " + lists + ", at most " + bound);
    }

    @Test
    void aSecondReplicaTickingAlongDoesNotCheckAWaitingGroupAgain() {
        // The list lags 6 s, so the certificate waits all through the window below, checked every activation-poll
        // by this replica's loop. "Replica B", with a memory of its own, ticks every 50 ms meanwhile.
        simulator.setServiceListLag(Duration.ofSeconds(6));
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        send(orderId, requested(UUID.randomUUID(), orderId, actionId, "order", certificateModule, "ssl-certificate",
                simulator.orderablePlan("certificate"), Map.of("domain", "twice-" + orderId.toString().substring(0, 8)
                        + ".example.com"), null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> actionRow(actionId) != null
                && actionRow(actionId).status == ProvisioningAction.Status.ACTIVATING);
        ActivationChecks replicaB = new ActivationChecks(entityManager, worker, connections, client, runs, config,
                Clock.systemUTC());

        long listsBefore = simulator.callCount("certificate");
        long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < end) {
            replicaB.checkDue();
            await().pollDelay(Duration.ofMillis(50)).until(() -> true);
        }
        long lists = simulator.callCount("certificate") - listsBefore;

        // Once per activation-poll across both replicas (each replica on its own made twice as many or more).
        long bound = Duration.ofSeconds(4).dividedBy(config.activationPoll()) + 2;
        assertTrue(lists <= bound, "list calls in 4 s with two replicas ticking: " + lists + ", at most " + bound);
        assertEquals(ProvisioningAction.Status.ACTIVATING, actionRow(actionId).status);
        // Settled before the next test, whose list calls it would otherwise add to.
        assertEquals("provisioning.succeeded", awaitResult(actionId).get("type").asText());
    }

    @Test
    void aCertificateIsReportedOnlyOnceActiveUpstream() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID actionId = UUID.randomUUID();
        Plan plan = simulator.orderablePlan("certificate");
        send(orderId, requested(UUID.randomUUID(), orderId, actionId, "order", certificateModule, "ssl-certificate",
                plan, Map.of("domain", "shop-" + orderId.toString().substring(0, 8) + ".example.com"), null, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> actionRow(actionId) != null
                && actionRow(actionId).status == ProvisioningAction.Status.ACTIVATING);
        assertTrue(results(actionId).isEmpty(), "no result while the certificate is processing");

        JsonNode result = awaitResult(actionId);
        assertEquals("provisioning.succeeded", result.get("type").asText());
        assertEquals(2, result.get("data").get("serviceStatus").asInt());
        ServiceSnapshot service = simulator.state().servicesWithNote(orderId.toString()).get(0);
        assertEquals(2, service.status());
        assertTrue(actionRow(actionId).polls >= 1);
    }

    @Test
    void aCertificateDeletedUpstreamWhileBeingIssuedFailsItsOrderAndTheOtherStillSucceeds() {
        // The list lags 6 s: neither is listed before the one is closed, and then one check sees both (one active,
        // one deleted) and settles them together.
        simulator.setServiceListLag(Duration.ofSeconds(6));
        Plan plan = simulator.orderablePlan("certificate");
        UUID keptOrder = UUID.randomUUID();
        UUID keptAction = UUID.randomUUID();
        UUID deletedOrder = UUID.randomUUID();
        UUID deletedAction = UUID.randomUUID();
        send(keptOrder, requested(UUID.randomUUID(), keptOrder, keptAction, "order", certificateModule,
                "ssl-certificate", plan, Map.of("domain", "kept-" + keptOrder.toString().substring(0, 8)
                        + ".example.com"), null, null));
        send(deletedOrder, requested(UUID.randomUUID(), deletedOrder, deletedAction, "order", certificateModule,
                "ssl-certificate", plan, Map.of("domain", "gone-" + deletedOrder.toString().substring(0, 8)
                        + ".example.com"), null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> actionRow(keptAction) != null
                && actionRow(keptAction).status == ProvisioningAction.Status.ACTIVATING
                && actionRow(deletedAction) != null
                && actionRow(deletedAction).status == ProvisioningAction.Status.ACTIVATING);

        // Someone closes one of them upstream while it is still being issued.
        UpstreamConnection connection = QuarkusTransaction.requiringNew()
                .call(() -> connections.of(UUID.fromString(certificateModule))).orElseThrow();
        client.close(connection, "ssl-certificate", actionRow(deletedAction).upstreamServiceId);

        JsonNode failed = awaitResult(deletedAction);
        assertEquals("provisioning.failed", failed.get("type").asText(), failed.toString());
        assertTrue(failed.get("data").get("reason").asText().contains("deleted upstream"), failed.toString());
        assertEquals("UPSTREAM_ERROR", failed.get("data").get("kind").asText(), failed.toString());
        JsonNode kept = awaitResult(keptAction);
        assertEquals("provisioning.succeeded", kept.get("type").asText(), kept.toString());
        assertEquals(1, results(deletedAction).size());
        assertEquals(1, results(keptAction).size());
    }

    @Test
    void renewSuspendResumeCloseChangeTheUpstreamService() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID orderAction = UUID.randomUUID();
        Plan plan = licensePlan();
        send(orderId, requested(UUID.randomUUID(), orderId, orderAction, "order", licenseModule, "ispsystem-license",
                plan, Map.of("ip", "10.0.0.11"), null, null));
        JsonNode ordered = awaitResult(orderAction).get("data");
        String serviceId = ordered.get("upstreamServiceId").asText();
        LocalDate expiry = LocalDate.parse(ordered.get("expiresAt").asText());

        UUID renew = UUID.randomUUID();
        send(orderId, requested(UUID.randomUUID(), orderId, renew, "renew", licenseModule, "ispsystem-license", plan,
                Map.of(), serviceId, expiry.atStartOfDay(ZoneOffset.UTC).toInstant().toString()));
        JsonNode renewed = awaitResult(renew);
        assertEquals("provisioning.succeeded", renewed.get("type").asText(), renewed.toString());
        LocalDate newExpiry = LocalDate.parse(renewed.get("data").get("expiresAt").asText());
        assertTrue(newExpiry.isAfter(expiry));
        assertEquals(newExpiry, service(serviceId).expiredate());

        assertEquals(3, lifecycle(orderId, "suspend", serviceId, plan));
        assertEquals(3, service(serviceId).status());
        assertEquals(2, lifecycle(orderId, "resume", serviceId, plan));
        assertEquals(2, service(serviceId).status());
        assertEquals(4, lifecycle(orderId, "close", serviceId, plan));
        assertEquals(4, service(serviceId).status());
    }

    @Test
    void aRequestWithoutItsKeysGoesToTheDeadLetterTopicAloneAndRecordsNothing() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID poisonId = UUID.randomUUID();
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "module-test-dlq-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            dlq.subscribe(List.of(ProvisioningEvents.REQUESTS_TOPIC + ".dlq"));
            send(orderId, """
                    {"id":"%s","type":"provisioning.requested","source":"test","subject":"%s","time":"2026-11-26T07:00:00Z",
                     "dataVersion":1,"data":{"orderId":"%s","action":"order"}}""".formatted(poisonId, orderId, orderId));
            UUID actionId = UUID.randomUUID();
            send(orderId, licenseRequestEvent(orderId, actionId, "10.0.0.12"));
            awaitResult(actionId);   // the poison message did not block the partition

            List<String> parked = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> parked.add(r.value()));
                return parked.stream().anyMatch(v -> v.contains(poisonId.toString()));
            });
            assertEquals(0, parked.stream().filter(v -> v.contains(actionId.toString())).count(),
                    "only the unreadable request is parked");
            assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                    "SELECT count(*) FROM provisioning_action WHERE order_id = ?1 AND action_id <> ?2")
                    .setParameter(1, orderId).setParameter(2, actionId).getSingleResult()).longValue()));
        }
    }

    private ProvisioningRequest licenseRequest(UUID orderId, UUID actionId, String ip) {
        return new ProvisioningRequest(orderId, "order", actionId, UUID.randomUUID(), UUID.fromString(licenseModule),
                licensePlan().id(), "ispsystem-license", period(licensePlan()), Map.of("ip", ip), null, null, null, null,
                null);
    }

    private String licenseRequestEvent(UUID orderId, UUID actionId, String ip) {
        return requested(UUID.randomUUID(), orderId, actionId, "order", licenseModule, "ispsystem-license",
                licensePlan(), Map.of("ip", ip), null, null);
    }

    /** Records the request and claims it with the dispatcher paused (resume it to let it run on its own). */
    private ProvisioningWorker.Claim claimAlone(ProvisioningRequest request) {
        dispatcher.pause();
        assertTrue(worker.record(UUID.randomUUID(), request));
        return await().atMost(Duration.ofSeconds(10)).until(() -> worker.claimDue(100).stream()
                .filter(c -> c.actionId().equals(request.actionId())).findFirst().orElse(null), c -> c != null);
    }

    private ProvisioningAction.Status status(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> (ProvisioningAction.Status) entityManager.createQuery(
                "SELECT status FROM ProvisioningAction WHERE orderId = ?1").setParameter(1, orderId)
                .getSingleResult());
    }

    private int lifecycle(UUID orderId, String action, String serviceId, Plan plan) throws Exception {
        UUID actionId = UUID.randomUUID();
        send(orderId, requested(UUID.randomUUID(), orderId, actionId, action, licenseModule, "ispsystem-license", plan,
                Map.of(), serviceId, null));
        JsonNode result = awaitResult(actionId);
        assertEquals("provisioning.succeeded", result.get("type").asText(), result.toString());
        assertEquals(serviceId, result.get("data").get("upstreamServiceId").asText());
        return result.get("data").get("serviceStatus").asInt();
    }

    private ServiceSnapshot service(String id) {
        return simulator.state().service(id).orElseThrow();
    }

    private Plan licensePlan() {
        return simulator.orderablePlan("soft");
    }

    private static int period(Plan plan) {
        return plan.shortestMonthlyPeriod().orElse(plan.periods().get(0));
    }

    private ProvisioningAction actionRow(UUID actionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ProvisioningAction action = entityManager.find(ProvisioningAction.class, actionId);
            if (action != null) {
                entityManager.detach(action);
            }
            return action;
        });
    }

    private JsonNode awaitResult(UUID actionId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !results(actionId).isEmpty());
        List<JsonNode> results = results(actionId);
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    /** The events seen so far for an action on the results topic (only its results belong there). */
    private List<JsonNode> results(UUID actionId) {
        for (ConsumerRecord<String, String> record : topic.poll(Duration.ofMillis(200))) {
            try {
                seen.add(mapper.readTree(record.value()));
            } catch (java.io.IOException e) {
                // not an envelope (another test's poison message): not a result
            }
        }
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode event : seen) {
            JsonNode data = event.get("data");
            if (data != null && data.has("actionId")
                    && data.get("actionId").asText().equals(actionId.toString())) {
                matching.add(EventContracts.check(event));
            }
        }
        return matching;
    }

    private String requested(UUID eventId, UUID orderId, UUID actionId, String action, String moduleId,
            String productType, Plan plan, Map<String, String> params, String serviceId, String expiresAt) {
        Map<String, Object> data = new HashMap<>();
        data.put("orderId", orderId.toString());
        data.put("action", action);
        data.put("actionId", actionId.toString());
        data.put("tariffId", UUID.randomUUID().toString());
        data.put("processingModuleId", moduleId);
        data.put("upstreamTariffId", plan.id());
        data.put("productType", productType);
        data.put("period", period(plan));
        data.put("params", params);
        data.put("upstreamServiceId", serviceId);
        data.put("expiresAt", expiresAt);
        Map<String, Object> envelope = new HashMap<>();
        envelope.put("id", eventId.toString());
        envelope.put("type", "provisioning.requested");
        envelope.put("source", "reselling-service");
        envelope.put("subject", orderId.toString());
        envelope.put("time", "2026-11-26T07:00:00Z");
        envelope.put("dataVersion", 1);
        envelope.put("data", data);
        try {
            String event = mapper.writeValueAsString(envelope);
            EventContracts.check(event);
            return event;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(UUID orderId, String envelope) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(ProvisioningEvents.REQUESTS_TOPIC, orderId.toString(), envelope)).get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private String createModule(String productType) {
        Map<String, Object> body = new HashMap<>();
        body.put("productType", productType);
        body.put("moduleType", "billmanager5");
        body.put("integration", Map.of("url", simulator.baseUrl(), "username", simulator.username(),
                "password", simulator.password()));
        body.put("name", "Saga " + productType);
        body.put("sort", 0);
        return given().contentType(ContentType.JSON).body(body).when().post("/processing-modules")
                .then().statusCode(201).extract().path("id");
    }

}
