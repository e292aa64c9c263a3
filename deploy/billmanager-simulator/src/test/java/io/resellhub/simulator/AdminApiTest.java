package io.resellhub.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code /_sim} endpoints: JSON in and out, each one wired to the same control as the Java API. */
class AdminApiTest extends SimulatorTest {


    @Test
    void stateShowsBalanceServicesAndCallCounts() throws IOException {
        Plan plan = sim.orderablePlan("soft");
        String id = TestSimulators.order(client, plan, "order-9", "ip", "192.0.2.1");
        client.call("whoami");

        Map<String, Object> state = json(client.admin("GET", "/state", null), 200);

        assertEquals(0, new BigDecimal((String) state.get("balance")).compareTo(sim.balance()));
        assertEquals("USD", state.get("currency"));
        assertEquals(false, state.get("blocked"));
        Map<?, ?> service = (Map<?, ?>) ((List<?>) state.get("services")).get(0);
        assertEquals(id, service.get("id"));
        assertEquals("order-9", service.get("note"));
        assertEquals(new BigDecimal("2"), service.get("status"));
        assertEquals(plan.id(), service.get("pricelist"));
        assertEquals(sim.state().service(id).orElseThrow().expiredate().toString(), service.get("expiredate"));
        Map<?, ?> calls = (Map<?, ?>) state.get("callCounts");
        assertEquals(new BigDecimal("1"), calls.get("soft.order.param"));
        assertEquals(new BigDecimal("1"), calls.get("whoami"));
    }

    @Test
    void faultsCanBeArmedByQueryOrJsonListedAndCleared() throws IOException {
        json(client.admin("POST", "/faults?func=certificate.order.param&count=3&kind=http500", null), 200);
        json(client.admin("POST", "/faults", "{\"kind\":\"error\",\"errorType\":\"money\",\"count\":1,\"func\":\"account\"}"), 200);
        List<?> pending = (List<?>) json(client.admin("GET", "/faults", null), 200).get("pendingFaults");
        assertEquals(2, pending.size());
        assertEquals(Map.of("func", "certificate.order.param", "remaining", new BigDecimal("3"), "kind", "http500"), pending.get(0));

        assertEquals("money", client.call("account").errorType());
        json(client.admin("DELETE", "/faults", null), 200);
        assertTrue(sim.state().pendingFaults().isEmpty());

        json(client.admin("POST", "/faults?kind=hang&hang=250ms", null), 200);
        assertEquals(java.time.Duration.ofMillis(250), sim.state().pendingFaults().get(0).fault().hangFor());
        json(client.admin("POST", "/faults/clear", null), 200);
        json(client.admin("POST", "/faults?kind=drop-after-processing&func=soft.order.param", null), 200);
        assertEquals(Fault.Kind.DROP_AFTER_PROCESSING, sim.state().pendingFaults().get(0).fault().kind());
    }

    @Test
    void balanceBlockAndSessions() throws IOException {
        Map<String, Object> balance = json(client.admin("POST", "/balance?amount=5.00", null), 200);
        assertEquals("5.00", balance.get("balance"));
        assertEquals(0, new BigDecimal("5.00").compareTo(sim.balance()));
        json(client.admin("POST", "/balance", "{\"amount\": 12.5, \"currency\": \"EUR\"}"), 200);
        assertEquals("EUR", sim.state().currency());
        assertEquals("12.50", client.call("account").list("elem").get(0).text("balance"));

        json(client.admin("POST", "/block?blocked=true&reason=fraud%20check", null), 200);
        Answer blocked = client.call("whoami");
        assertEquals("access", blocked.errorType());
        assertTrue(blocked.errorMessage().contains("fraud check"));
        json(client.admin("POST", "/block?blocked=false", null), 200);
        assertFalse(client.call("whoami").isError());

        String session = Answer.parse(DocFormat.JSON, client.post("func", "auth", "out", "json",
                "username", sim.username(), "password", sim.password()).body()).child("auth").attr("id");
        json(client.admin("POST", "/sessions/expire", null), 200);
        assertEquals("auth", Answer.parse(DocFormat.JSON, client.post("func", "whoami", "out", "json", "auth", session).body()).errorType());
    }

    @Test
    void planControls() throws IOException {
        Plan plan = sim.orderablePlan("certificate");
        Map<String, Object> changed = json(client.admin("POST", "/plans/" + plan.id() + "/price?period=12&cost=12.00", null), 200);
        assertEquals(plan.id(), changed.get("id"));
        assertEquals(0, new BigDecimal("12.00").compareTo(sim.plan(plan.id()).price(12).orElseThrow()));

        json(client.admin("POST", "/plans/" + plan.id() + "/unavailable", null), 200);
        assertFalse(sim.plan(plan.id()).available());
        json(client.admin("POST", "/plans/" + plan.id() + "/available", null), 200);
        assertTrue(sim.plan(plan.id()).available());
        json(client.admin("POST", "/plans/" + plan.id() + "/remove", null), 200);
        assertTrue(sim.catalog().stream().noneMatch(p -> p.id().equals(plan.id())));

        List<?> catalog = (List<?>) json(client.admin("GET", "/catalog?itemtype=soft", null), 200).get("plans");
        assertEquals(sim.catalog("soft").size(), catalog.size());
        assertEquals(sim.catalog("soft").get(0).id(), ((Map<?, ?>) catalog.get(0)).get("id"));
    }

    @Test
    void resetRestoresEverything() throws IOException {
        TestSimulators.order(client, sim.orderablePlan("soft"), "x", "ip", "192.0.2.1");
        sim.blockAccount("test");
        sim.failNext(null, 3, Fault.http500());
        json(client.admin("POST", "/reset", null), 200);
        SimulatorState state = sim.state();
        assertTrue(state.services().isEmpty());
        assertFalse(state.blocked());
        assertTrue(state.pendingFaults().isEmpty());
        assertTrue(state.callCounts().isEmpty());
        assertEquals(0, new BigDecimal("1000.00").compareTo(state.balance()));
        assertEquals("5001", TestSimulators.order(client, sim.orderablePlan("soft"), "x", "ip", "192.0.2.1"), "ids restart");
    }

    @Test
    void mistakesGetClearStatuses() throws IOException {
        assertTrue(json(client.admin("POST", "/plans/424242/remove", null), 404).get("error").toString().contains("424242"));
        json(client.admin("POST", "/balance?amount=lots", null), 400);
        json(client.admin("POST", "/balance", null), 400);
        json(client.admin("POST", "/faults?kind=explode", null), 400);
        json(client.admin("POST", "/faults?kind=error", null), 400);
        json(client.admin("POST", "/faults", "{\"kind\": [1]}"), 400);
        json(client.admin("GET", "/reset", null), 405);
        json(client.admin("POST", "/state", null), 405);
        json(client.admin("GET", "/nothing", null), 404);
        assertEquals("UP", json(client.admin("GET", "/health", null), 200).get("status"));
    }

    private static Map<String, Object> json(HttpResponse<String> response, int expectedStatus) {
        assertEquals(expectedStatus, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        return MiniJson.object(response.body());
    }
}
