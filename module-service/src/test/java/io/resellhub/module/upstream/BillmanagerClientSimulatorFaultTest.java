package io.resellhub.module.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.resellhub.simulator.Fault;
import io.resellhub.simulator.Plan;
import io.resellhub.simulator.ServiceSnapshot;

/** Never ordering or renewing twice, sessions and faults, against the simulator. */
class BillmanagerClientSimulatorFaultTest {

    private static final SimulatorFixture.Variant JSON = new SimulatorFixture.Variant(UpstreamConfig.OutputFormat.JSON,
            false, UpstreamConfig.AuthMode.AUTHINFO);
    private static final SimulatorFixture.Variant XML_SESSION = new SimulatorFixture.Variant(
            UpstreamConfig.OutputFormat.XML, true, UpstreamConfig.AuthMode.SESSION);

    /** Each format and list shape once, one of them with sessions, each with and without the check before ordering. */
    static List<Object[]> orderVariants() {
        List<SimulatorFixture.Variant> variants = List.of(JSON,
                new SimulatorFixture.Variant(UpstreamConfig.OutputFormat.SJSON, true, UpstreamConfig.AuthMode.AUTHINFO),
                XML_SESSION);
        List<Object[]> result = new java.util.ArrayList<>();
        for (SimulatorFixture.Variant variant : variants) {
            result.add(new Object[] {variant, true});
            result.add(new Object[] {variant, false});
        }
        return result;
    }

    private static UnaryOperator<TestConfig> checkBeforeChange(boolean check) {
        return config -> config.with("check-before-change", Boolean.toString(check));
    }

    private static UpstreamOrder licenseOrder(Plan plan, String orderId) {
        return new UpstreamOrder("ispsystem-license", plan.id(), plan.shortestMonthlyPeriod().orElseThrow(),
                Map.of("ip", "198.51.100.7"), orderId);
    }

    @ParameterizedTest(name = "{0}, check before ordering: {1}")
    @MethodSource("orderVariants")
    void anOrderAnsweredWithADroppedConnectionIsNotOrderedAgain(SimulatorFixture.Variant variant, boolean check) {
        try (SimulatorFixture f = SimulatorFixture.start(variant, UnaryOperator.identity(), checkBeforeChange(check))) {
            Plan plan = f.sim.orderablePlan("soft");
            String orderId = "ord-" + UUID.randomUUID();
            BigDecimal before = f.sim.balance();
            f.sim.failNext("soft.order.param", 1, Fault.dropAfterProcessing());

            UpstreamService service = f.client.order(f.connection, licenseOrder(plan, orderId));

            List<ServiceSnapshot> withNote = f.sim.state().servicesWithNote(orderId);
            assertEquals(1, withNote.size(), "exactly one upstream service");
            assertEquals(withNote.get(0).id(), service.id());
            assertEquals(orderId, service.note());
            assertEquals(UpstreamService.ACTIVE, service.status());
            assertEquals(1, f.sim.callCount("soft.order.param"), "the order was sent once");
            assertEquals(0, before.subtract(plan.price(plan.shortestMonthlyPeriod().orElseThrow()).orElseThrow())
                    .compareTo(f.sim.balance()), "paid once");
        }
    }

    @Test
    void anOrderThatFailedBeforeProcessingIsSentOnceMore() {
        try (SimulatorFixture f = SimulatorFixture.start(JSON)) {
            Plan plan = f.sim.orderablePlan("soft");
            String orderId = "ord-" + UUID.randomUUID();
            f.sim.failNext("soft.order.param", 1, Fault.http500());

            UpstreamService service = f.client.order(f.connection, licenseOrder(plan, orderId));

            assertEquals(List.of(service.id()),
                    f.sim.state().servicesWithNote(orderId).stream().map(ServiceSnapshot::id).toList());
            assertEquals(2, f.sim.callCount("soft.order.param"));
        }
    }

    @Test
    void anOrderThatHangsTimesOutAndIsRepeatedOnlyWhenNothingWasCreated() {
        try (SimulatorFixture f = SimulatorFixture.start(JSON, UnaryOperator.identity(),
                config -> config.with("read-timeout", "500ms"))) {
            Plan plan = f.sim.orderablePlan("soft");
            String orderId = "ord-" + UUID.randomUUID();
            f.sim.failNext("soft.order.param", 1, Fault.hang(Duration.ofSeconds(2)));

            UpstreamService service = f.client.order(f.connection, licenseOrder(plan, orderId));

            assertEquals(1, f.sim.state().servicesWithNote(orderId).size());
            assertEquals(service.id(), f.sim.state().servicesWithNote(orderId).get(0).id());
            assertEquals(2, f.sim.callCount("soft.order.param"));
        }
    }

    @Test
    void whenTheLookupAfterADroppedOrderFailsTheClientGivesUpWithoutOrderingAgain() {
        try (SimulatorFixture f = SimulatorFixture.start(JSON, UnaryOperator.identity(), checkBeforeChange(false))) {
            Plan plan = f.sim.orderablePlan("soft");
            String orderId = "ord-" + UUID.randomUUID();
            f.sim.failNext("soft.order.param", 1, Fault.dropAfterProcessing());
            f.sim.failNext("soft", 3, Fault.http500());

            UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class,
                    () -> f.client.order(f.connection, licenseOrder(plan, orderId)));

            assertTrue(e.transientFailure());
            assertTrue(e.outcomeUnknown());
            assertEquals(1, f.sim.callCount("soft.order.param"));
            assertEquals(3, f.sim.callCount("soft"), "the lookup was retried as a read");
            assertEquals(1, f.sim.state().servicesWithNote(orderId).size());

            // the saga's later retry, with the default check before ordering, finds the service instead of ordering
            BillmanagerClient defaults = new BillmanagerClient(TestConfig.fast().build());
            UpstreamService later = defaults.order(f.connection, licenseOrder(plan, orderId));
            assertEquals(f.sim.state().servicesWithNote(orderId).get(0).id(), later.id());
            assertEquals(1, f.sim.callCount("soft.order.param"));
        }
    }

    @Test
    void aRenewalWhoseAnswerIsDroppedIsNotRepeated() {
        try (SimulatorFixture f = SimulatorFixture.start(JSON, UnaryOperator.identity(), checkBeforeChange(false))) {
            Plan plan = f.sim.orderablePlan("soft");
            int period = plan.shortestMonthlyPeriod().orElseThrow();
            UpstreamService license = f.client.order(f.connection, licenseOrder(plan, "ord-" + UUID.randomUUID()));
            BigDecimal before = f.sim.balance();
            LocalDate expiry = license.expireDate();
            f.sim.failNext("service.prolong", 1, Fault.dropAfterProcessing());

            UpstreamService renewed = f.client.prolong(f.connection, "ispsystem-license", license.id(), period, expiry);

            assertEquals(expiry.plusMonths(period), renewed.expireDate());
            assertEquals(1, f.sim.callCount("service.prolong"));
            assertEquals(0, before.subtract(plan.price(period).orElseThrow()).compareTo(f.sim.balance()), "paid once");
        }
    }

    @Test
    void anExpiredSessionIsRenewedOnceAndTheCallRepeated() {
        try (SimulatorFixture f = SimulatorFixture.start(XML_SESSION)) {
            assertEquals("demo", f.client.whoami(f.connection).login());
            assertEquals(1, f.sim.callCount("auth"));
            assertEquals("demo", f.client.whoami(f.connection).login());
            assertEquals(1, f.sim.callCount("auth"), "the session is reused");

            f.sim.expireSessions();
            assertEquals(0, f.sim.balance().compareTo(f.client.balance(f.connection).balance()));

            assertEquals(2, f.sim.callCount("auth"));
            assertEquals(2, f.sim.callCount("account"), "the call was repeated once after logging in again");
        }
    }

    @Test
    void aSessionLoginWithAWrongPasswordIsAnAuthenticationFailure() {
        try (SimulatorFixture f = SimulatorFixture.start(XML_SESSION)) {
            UpstreamConnection wrong = new UpstreamConnection(f.sim.baseUrl(), "demo", "wrong");

            UpstreamRejectedException e = assertThrows(UpstreamRejectedException.class, () -> f.client.whoami(wrong));

            assertEquals(UpstreamFailureKind.AUTHENTICATION, e.kind());
            assertEquals(1, f.sim.callCount("auth"));
            assertEquals(0, f.sim.callCount("whoami"));
        }
    }

    @Test
    void simulatorFaultsMapToTheirFailures() {
        try (SimulatorFixture f = SimulatorFixture.start(JSON, UnaryOperator.identity(),
                config -> config.with("read-timeout", "500ms").with("retry.max-retries", "0"))) {
            f.sim.failNext("whoami", 1, Fault.html());
            NotBillmanagerException html = assertThrows(NotBillmanagerException.class, () -> f.client.whoami(f.connection));
            assertTrue(html.getMessage().contains("answered an HTML page"), html.getMessage());

            f.sim.failNext("whoami", 1, Fault.http500());
            UpstreamUnavailableException http500 = assertThrows(UpstreamUnavailableException.class,
                    () -> f.client.whoami(f.connection));
            assertEquals(UpstreamFailureKind.UPSTREAM_ERROR, http500.kind());

            f.sim.failNext("whoami", 1, Fault.hang(Duration.ofSeconds(2)));
            UpstreamUnavailableException hang = assertThrows(UpstreamUnavailableException.class,
                    () -> f.client.whoami(f.connection));
            assertEquals(UpstreamFailureKind.TIMEOUT, hang.kind());

            f.sim.failNext("account", 1, Fault.error("dbfailure", null, "Database is not available"));
            UpstreamRejectedException internal = assertThrows(UpstreamRejectedException.class,
                    () -> f.client.balance(f.connection));
            assertEquals(UpstreamFailureKind.UPSTREAM_ERROR, internal.kind());
            assertEquals("Database is not available", internal.upstreamMessage());

            assertEquals("demo", f.client.whoami(f.connection).login(), "faults were used up");
        }
    }
}
