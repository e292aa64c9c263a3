package io.resellhub.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultInjectionTest extends SimulatorTest {

    private static final Duration HANG = Duration.ofMillis(400);

    @Override
    SimulatorConfig configure(SimulatorConfig config) {
        return config.withHangDuration(HANG);
    }

    @Test
    void http500AnswersLikeAProxyAndDoesNotPerformTheCall() throws IOException {
        sim.failNext("soft.order.param", 1, Fault.http500());
        HttpResponse<String> response = client.post(orderForm("o-1"));
        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("500 Internal Server Error"));
        assertTrue(sim.services().isEmpty());
        assertEquals(0, new BigDecimal("1000.00").compareTo(sim.balance()));
        assertEquals(1, sim.state().callCount("soft.order.param"), "faulted calls are counted");

        assertEquals(200, client.post(orderForm("o-1")).statusCode(), "one fault, then normal again");
        assertEquals(1, sim.services().size());
    }

    @Test
    void htmlAnswersALoginPageWithHttp200() throws IOException {
        sim.failNext("whoami", 1, Fault.html());
        HttpResponse<String> response = client.post("func", "whoami", "out", "json", "authinfo", sim.authinfo());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(response.body().startsWith("<!DOCTYPE html>"));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(response.body()), "not json");
    }

    @Test
    void errorFaultAnswersTheEnvelopeOfTheGivenTypeWithoutPerformingTheCall() throws IOException {
        sim.failNext("soft.order.param", 1, Fault.error("unavailable", "pricelist", "Tariff withdrawn for maintenance"));
        sim.failNext("soft.order.param", 1, Fault.error("internal"));
        Answer first = Answer.parse(DocFormat.JSON, client.post(orderForm("o-1")).body());
        assertEquals("unavailable", first.errorType());
        assertEquals("pricelist", first.errorObject());
        assertEquals("Tariff withdrawn for maintenance", first.errorMessage());
        Answer second = Answer.parse(DocFormat.JSON, client.post(orderForm("o-1")).body());
        assertEquals("internal", second.errorType());
        assertEquals("Simulated 'internal' error", second.errorMessage());
        assertTrue(sim.services().isEmpty());
    }

    @Test
    void slowPerformsTheCallAfterItsDelayAndAnswersNormally() throws IOException {
        sim.failNext("soft.order.param", 1, Fault.slow(Duration.ofMillis(300)));
        long started = System.nanoTime();
        Answer answer = Answer.parse(DocFormat.JSON, client.post(orderForm("o-slow")).body());
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertFalse(answer.isError());
        assertTrue(elapsed >= 300, "answered after " + elapsed + " ms");
        assertEquals(1, sim.services().size());
    }

    @Test
    void aLaggingServiceListShowsNewServicesOnlyAfterTheLag() throws IOException {
        sim.setServiceListLag(Duration.ofSeconds(10));
        client.post(orderForm("o-lag"));
        assertTrue(client.call("soft").list("elem").isEmpty(), "not listed yet");
        assertEquals(1, sim.services().size(), "but it exists");
        clock.advance(Duration.ofSeconds(10));
        assertEquals("o-lag", client.call("soft").list("elem").get(0).text("note"));
    }

    @Test
    void hangHoldsTheCallThenClosesWithoutAnswer() {
        sim.failNext("account", 1, Fault.hang());
        long started = System.nanoTime();
        IOException failure = assertThrows(IOException.class,
                () -> client.post("func", "account", "out", "json", "authinfo", sim.authinfo()));
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertFalse(failure instanceof HttpTimeoutException, "the server closed it: " + failure);
        assertTrue(elapsed >= HANG.toMillis() - 20, "held for " + elapsed + " ms");
        assertFalse(client.call("account").isError(), "the next call is normal");
    }

    @Test
    void aClientTimeoutShorterThanTheHangFires() {
        sim.failNext(null, 1, Fault.hang(Duration.ofSeconds(30)));
        assertThrows(HttpTimeoutException.class,
                () -> client.postWithTimeout(Duration.ofMillis(150), "func", "whoami", "authinfo", sim.authinfo()));
    }

    @Test
    void dropAfterProcessingPerformsTheOrderButLosesTheAnswer() {
        Plan plan = sim.orderablePlan("soft");
        BigDecimal price = plan.price(plan.shortestMonthlyPeriod().orElseThrow()).orElseThrow();
        sim.failNext(null, 1, Fault.dropAfterProcessing());

        IOException failure = assertThrows(IOException.class, () -> client.post(orderForm("order-7")));
        assertFalse(failure instanceof HttpTimeoutException);

        SimulatorState state = sim.state();
        assertEquals(1, state.servicesWithNote("order-7").size(), "the order was really created");
        assertEquals(0, new BigDecimal("1000.00").subtract(price).compareTo(state.balance()), "and paid");
        // What a careful client does next: look for its note before ordering again.
        Answer services = client.call("soft");
        assertEquals("order-7", services.list("elem").get(0).text("note"));
    }

    @Test
    void faultsCanTargetOneFunctionAndCountDown() throws IOException {
        sim.failNext("pricelist.export", 2, Fault.http500());
        assertEquals(200, client.post("func", "whoami", "authinfo", sim.authinfo()).statusCode(), "other functions unaffected");
        assertEquals(500, client.post("func", "pricelist.export", "authinfo", sim.authinfo()).statusCode());
        assertEquals(1, sim.state().pendingFaults().get(0).remaining());
        assertEquals(500, client.post("func", "pricelist.export", "authinfo", sim.authinfo()).statusCode());
        assertEquals(200, client.post("func", "pricelist.export", "authinfo", sim.authinfo()).statusCode());
        assertTrue(sim.state().pendingFaults().isEmpty());
        assertEquals(3, sim.callCount("pricelist.export"));
    }

    @Test
    void faultsFireInTheOrderArmed() throws IOException {
        sim.failNext(null, 1, Fault.html());
        sim.failNext("whoami", 1, Fault.http500());
        assertTrue(client.post("func", "whoami", "authinfo", sim.authinfo()).body().startsWith("<!DOCTYPE html>"));
        assertEquals(500, client.post("func", "whoami", "authinfo", sim.authinfo()).statusCode());
        assertEquals(200, client.post("func", "whoami", "authinfo", sim.authinfo()).statusCode());
        sim.failNext(null, 5, Fault.http500());
        sim.clearFaults();
        assertEquals(200, client.post("func", "whoami", "authinfo", sim.authinfo()).statusCode());
    }

    @Test
    void faultArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> sim.failNext("whoami", 0, Fault.http500()));
        assertThrows(IllegalArgumentException.class, () -> Fault.error(" "));
        assertEquals(Fault.Kind.DROP_AFTER_PROCESSING, Fault.Kind.fromCode("drop-after-processing"));
        assertEquals(Fault.Kind.HTTP_500, Fault.Kind.fromCode("HTTP_500"));
        assertInstanceOf(IllegalArgumentException.class, assertThrows(RuntimeException.class, () -> Fault.Kind.fromCode("boom")));
    }

    private String[] orderForm(String note) {
        Plan plan = sim.orderablePlan("soft");
        return new String[] {"func", "soft.order.param", "out", "json", "lang", "en", "authinfo", sim.authinfo(),
                "sok", "ok", "skipbasket", "on", "pricelist", plan.id(),
                "period", String.valueOf(plan.shortestMonthlyPeriod().orElseThrow()), "ip", "192.0.2.1", "note", note};
    }
}
