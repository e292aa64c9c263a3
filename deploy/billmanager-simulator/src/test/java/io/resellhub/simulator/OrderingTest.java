package io.resellhub.simulator;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Orders, renewals and service changes, with their money and validation rules. */
class OrderingTest extends SimulatorTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 15);

    @Override
    SimulatorConfig configure(SimulatorConfig config) {
        return config.withCertificateDelay(Duration.ofSeconds(2));
    }

    @Test
    void anOrderDebitsThePriceOfThePeriodAndCreatesAnActiveLicense() {
        Plan plan = sim.orderablePlan("soft");
        int period = plan.shortestMonthlyPeriod().orElseThrow();
        BigDecimal price = plan.price(period).orElseThrow();

        String id = TestSimulators.order(client, plan, "order-42", "ip", "203.0.113.7", "hostname", "srv1.example.com");

        SimulatorState state = sim.state();
        assertEquals(0, new BigDecimal("1000.00").subtract(price).compareTo(state.balance()));
        ServiceSnapshot service = state.service(id).orElseThrow();
        assertEquals("soft", service.itemtype());
        assertEquals(plan.id(), service.pricelist());
        assertEquals(period, service.period());
        assertEquals(ServiceSnapshot.ACTIVE, service.status());
        assertEquals("order-42", service.note());
        assertEquals("srv1.example.com", service.name());
        assertEquals(TODAY, service.createdate());
        assertEquals(TODAY.plusMonths(period), service.expiredate());
        assertEquals(0, price.compareTo(service.cost()));
        assertEquals("203.0.113.7", service.params().get("ip"));
        assertEquals(List.of(service), state.servicesWithNote("order-42"));
        assertEquals(1, state.callCount("soft.order.param"));
    }

    @Test
    void aPlanInAnotherCurrencyDebitsTheSameNumber() {
        Plan eur = sim.catalog("soft").stream().filter(Plan::available).filter(Plan::hasMonthlyPeriod)
                .filter(p -> p.currency().equals("EUR")).findFirst().orElseThrow();
        BigDecimal price = eur.price(eur.shortestMonthlyPeriod().orElseThrow()).orElseThrow();
        TestSimulators.order(client, eur, null, "ip", "203.0.113.8");
        assertEquals(0, new BigDecimal("1000.00").subtract(price).compareTo(sim.balance()));
        assertEquals("USD", sim.state().currency());
    }

    @Test
    void anOrderTheBalanceCannotPayChangesNothing() {
        Plan plan = sim.orderablePlan("soft");
        int period = plan.shortestMonthlyPeriod().orElseThrow();
        BigDecimal price = plan.price(period).orElseThrow();
        BigDecimal tooLittle = price.subtract(new BigDecimal("0.01"));
        sim.setBalance(tooLittle);

        Answer answer = client.call("soft.order.param", "sok", "ok", "skipbasket", "on", "pricelist", plan.id(),
                "period", String.valueOf(period), "ip", "203.0.113.7", "note", "order-1");

        assertEquals("money", answer.errorType());
        assertEquals(0, tooLittle.compareTo(sim.balance()));
        assertTrue(sim.services().isEmpty());

        sim.setBalance(price);
        TestSimulators.order(client, plan, "order-1", "ip", "203.0.113.7");
        assertEquals(0, BigDecimal.ZERO.compareTo(sim.balance()), "exactly enough is enough");
    }

    @Test
    void orderParametersAreValidated() {
        Plan soft = sim.orderablePlan("soft");
        Plan certificate = sim.orderablePlan("certificate");
        String period = String.valueOf(soft.shortestMonthlyPeriod().orElseThrow());
        String[] base = {"sok", "ok", "skipbasket", "on", "pricelist", soft.id(), "period", period};

        assertError("missed", "ip", client.call("soft.order.param", base));
        assertError("value", "ip", client.call("soft.order.param", TestSimulators.concat(base, "ip", "300.1.1.1")));
        assertError("value", "hostname", client.call("soft.order.param", TestSimulators.concat(base, "ip", "192.0.2.1", "hostname", "not a host")));
        assertError("value", "note", client.call("soft.order.param", TestSimulators.concat(base, "ip", "192.0.2.1", "note", "x".repeat(256))));
        assertError("missed", "pricelist", client.call("soft.order.param", "sok", "ok", "skipbasket", "on", "period", period, "ip", "192.0.2.1"));
        assertError("missed", "period", client.call("soft.order.param", "sok", "ok", "skipbasket", "on", "pricelist", soft.id(), "ip", "192.0.2.1"));
        assertError("value", "period", client.call("soft.order.param", "sok", "ok", "skipbasket", "on", "pricelist", soft.id(), "period", "7", "ip", "192.0.2.1"));
        assertError("value", "period", client.call("soft.order.param", "sok", "ok", "skipbasket", "on", "pricelist", soft.id(), "period", "monthly", "ip", "192.0.2.1"));
        assertError("value", "pricelist", client.call("soft.order.param", "sok", "ok", "skipbasket", "on", "pricelist", "999999", "period", period, "ip", "192.0.2.1"));
        assertError("value", "pricelist", client.call("soft.order.param", "sok", "ok", "skipbasket", "on", "pricelist", certificate.id(), "period", "12", "ip", "192.0.2.1"));
        assertError("value", "skipbasket", client.call("soft.order.param", "sok", "ok", "pricelist", soft.id(), "period", period, "ip", "192.0.2.1"));

        String[] cert = {"sok", "ok", "skipbasket", "on", "pricelist", certificate.id(), "period",
                String.valueOf(certificate.shortestMonthlyPeriod().orElseThrow())};
        assertError("missed", "domain", client.call("certificate.order.param", cert));
        assertError("value", "domain", client.call("certificate.order.param", TestSimulators.concat(cert, "domain", "exa mple")));
        assertError("value", "approver_email", client.call("certificate.order.param", TestSimulators.concat(cert, "domain", "example.com", "approver_email", "nobody")));
        assertError("value", "csr", client.call("certificate.order.param", TestSimulators.concat(cert, "domain", "example.com", "csr", "hello")));

        assertTrue(sim.services().isEmpty());
        assertEquals(0, new BigDecimal("1000.00").compareTo(sim.balance()));
    }

    @Test
    void unorderableAndWithdrawnPlansAnswerUnavailable() {
        Plan plan = sim.orderablePlan("soft");
        String period = String.valueOf(plan.shortestMonthlyPeriod().orElseThrow());
        sim.setPlanAvailable(plan.id(), false);
        assertError("unavailable", "pricelist", client.call("soft.order.param", "sok", "ok", "skipbasket", "on",
                "pricelist", plan.id(), "period", period, "ip", "192.0.2.1"));
        sim.setPlanAvailable(plan.id(), true);
        sim.removePlan(plan.id());
        assertError("unavailable", "pricelist", client.call("soft.order.param", "sok", "ok", "skipbasket", "on",
                "pricelist", plan.id(), "period", period, "ip", "192.0.2.1"));
        assertTrue(sim.services().isEmpty());
    }

    @Test
    void withoutSokTheOrderFormIsShownAndNothingHappens() {
        Plan plan = sim.orderablePlan("soft");
        Answer form = client.call("soft.order.param", "skipbasket", "on", "pricelist", plan.id(), "period", "1",
                "ip", "192.0.2.1");
        assertFalse(form.isError());
        assertEquals(plan.id(), form.text("pricelist"));
        assertEquals("192.0.2.1", form.text("ip"));
        assertFalse(form.has("service"));
        assertTrue(sim.services().isEmpty());
        assertEquals(0, new BigDecimal("1000.00").compareTo(sim.balance()));
    }

    @Test
    void modulesNeedAnOwnLicenseAndExistOncePerLicense() {
        Plan license = sim.orderablePlan("soft");
        Plan module = sim.orderablePlan("softmodule");
        String period = String.valueOf(module.shortestMonthlyPeriod().orElseThrow());
        String[] order = {"sok", "ok", "skipbasket", "on", "pricelist", module.id(), "period", period};
        assertError("missed", "parent", client.call("softmodule.order.param", order));
        assertError("value", "parent", client.call("softmodule.order.param", TestSimulators.concat(order, "parent", "424242")));

        String parent = TestSimulators.order(client, license, null, "ip", "192.0.2.1");
        String moduleId = TestSimulators.order(client, module, "m-1", "parent", parent);
        ServiceSnapshot created = sim.state().service(moduleId).orElseThrow();
        assertEquals(ServiceSnapshot.ACTIVE, created.status());
        assertEquals(module.name(), created.name());
        assertError("exists", "parent", client.call("softmodule.order.param", TestSimulators.concat(order, "parent", parent)));
        assertTrue(client.call("softmodule.edit", "elid", moduleId).text("licensekey").startsWith("ISP6-"));
    }

    @Test
    void certificatesProcessThenBecomeActiveAfterTheDelay() {
        Plan plan = sim.orderablePlan("certificate");
        Answer ordered = client.call("certificate.order.param", "sok", "ok", "skipbasket", "on", "pricelist", plan.id(),
                "period", String.valueOf(plan.shortestMonthlyPeriod().orElseThrow()), "domain", "shop.example.com",
                "approver_email", "admin@example.com", "note", "c-1");
        assertEquals("5", ordered.child("service").text("status"));
        String id = ordered.child("service").text("id");

        Answer processing = client.call("certificate.edit", "elid", id);
        assertEquals("5", processing.text("status"));
        assertEquals("pending", processing.text("certificate_status"));
        assertEquals("shop.example.com", processing.text("domain"));

        clock.advance(Duration.ofMillis(1999));
        assertEquals("5", client.call("certificate").list("elem").get(0).text("status"));
        clock.advance(Duration.ofMillis(1));
        assertEquals("2", client.call("certificate").list("elem").get(0).text("status"));
        Answer active = client.call("certificate.edit", "elid", id);
        assertEquals("issued", active.text("certificate_status"));
        assertNull(active.text("licensekey"), "certificates have no license key");
    }

    @Test
    void certificatesActivateWithTheRealClockToo() throws InterruptedException {
        try (BillmanagerSimulator real = BillmanagerSimulator.start(TestSimulators.config(MutableClock.startingNow())
                .withClock(java.time.Clock.systemUTC()).withCertificateDelay(Duration.ofMillis(200)))) {
            SimClient realClient = new SimClient(real);
            String id = TestSimulators.order(realClient, real.orderablePlan("certificate"), null, "domain", "example.org");
            assertEquals(ServiceSnapshot.PROCESSING, real.state().service(id).orElseThrow().status());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (real.state().service(id).orElseThrow().status() != ServiceSnapshot.ACTIVE && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(ServiceSnapshot.ACTIVE, real.state().service(id).orElseThrow().status());
        }
    }

    @Test
    void prolongDebitsAndMovesTheExpiryDate() {
        Plan plan = sim.orderablePlan("soft");
        int period = plan.shortestMonthlyPeriod().orElseThrow();
        BigDecimal price = plan.price(period).orElseThrow();
        String id = TestSimulators.order(client, plan, null, "ip", "192.0.2.1");
        sim.changePrice(plan.id(), period, new BigDecimal("1.25"));

        Answer prolonged = client.call("service.prolong", "elid", id, "sok", "ok", "period", String.valueOf(period));

        String expected = TODAY.plusMonths(2L * period).toString();
        assertEquals(expected, prolonged.child("service").text("expiredate"));
        ServiceSnapshot service = sim.state().service(id).orElseThrow();
        assertEquals(expected, service.expiredate().toString());
        assertEquals(0, new BigDecimal("1000.00").subtract(price).subtract(new BigDecimal("1.25")).compareTo(sim.balance()),
                "a renewal pays the current price");
    }

    @Test
    void prolongThatCannotBePaidOrIsNotRenewableChangesNothing() {
        Plan plan = sim.orderablePlan("soft");
        int period = plan.shortestMonthlyPeriod().orElseThrow();
        String id = TestSimulators.order(client, plan, null, "ip", "192.0.2.1");
        LocalDate expiry = sim.state().service(id).orElseThrow().expiredate();
        sim.setBalance(new BigDecimal("0.00"));

        assertError("money", null, client.call("service.prolong", "elid", id, "sok", "ok", "period", String.valueOf(period)));
        assertError("value", "period", client.call("service.prolong", "elid", id, "sok", "ok", "period", "-100"));
        assertError("value", "period", client.call("service.prolong", "elid", id, "sok", "ok", "period", "0"));
        assertError("missed", "period", client.call("service.prolong", "elid", id, "sok", "ok"));
        assertError("notfound", "elid", client.call("service.prolong", "elid", "777777", "sok", "ok", "period", "1"));
        Answer form = client.call("service.prolong", "elid", id, "period", String.valueOf(period));
        assertEquals(id, form.text("elid"));

        assertEquals(expiry, sim.state().service(id).orElseThrow().expiredate());
        assertEquals(0, BigDecimal.ZERO.compareTo(sim.balance()));
    }

    @Test
    void suspendResumeDeleteMoveTheStatusAndRepeatsAreNoOps() {
        String id = TestSimulators.order(client, sim.orderablePlan("soft"), null, "ip", "192.0.2.1");
        BigDecimal balance = sim.balance();

        assertOk(client.call("soft.suspend", "elid", id, "sok", "ok"));
        assertEquals(ServiceSnapshot.STOPPED, status(id));
        assertOk(client.call("soft.suspend", "elid", id, "sok", "ok"));
        assertEquals(ServiceSnapshot.STOPPED, status(id));

        assertOk(client.call("soft.resume", "elid", id, "sok", "ok"));
        assertEquals(ServiceSnapshot.ACTIVE, status(id));
        assertOk(client.call("soft.resume", "elid", id, "sok", "ok"));
        assertEquals(ServiceSnapshot.ACTIVE, status(id));

        assertOk(client.call("soft.delete", "elid", id, "sok", "ok"));
        assertEquals(ServiceSnapshot.DELETED, status(id));
        assertOk(client.call("soft.delete", "elid", id, "sok", "ok"));
        assertEquals(ServiceSnapshot.DELETED, status(id));
        assertError("value", "elid", client.call("soft.resume", "elid", id, "sok", "ok"));
        assertError("value", "elid", client.call("service.prolong", "elid", id, "sok", "ok", "period", "1"));

        assertEquals(0, balance.compareTo(sim.balance()), "no refund, no charge");
        assertEquals("4", client.call("soft").list("elem").get(0).text("status"), "closed services stay listed");
    }

    @Test
    void changesWithoutSokShowTheFormAndChangeNothing() {
        String id = TestSimulators.order(client, sim.orderablePlan("soft"), null, "ip", "192.0.2.1");
        for (String action : List.of("suspend", "delete")) {
            Answer form = client.call("soft." + action, "elid", id);
            assertEquals(id, form.text("elid"));
            assertEquals("2", form.text("status"));
        }
        assertEquals(ServiceSnapshot.ACTIVE, status(id));
    }

    @Test
    void foreignOrOtherTypeIdsAreNotFound() {
        String license = TestSimulators.order(client, sim.orderablePlan("soft"), null, "ip", "192.0.2.1");
        assertError("notfound", "elid", client.call("certificate.edit", "elid", license));
        assertError("notfound", "elid", client.call("soft.edit", "elid", "1"));
        assertError("notfound", "elid", client.call("soft.suspend", "elid", "1", "sok", "ok"));
        assertError("missed", "elid", client.call("soft.edit"));
        assertError("value", "func", client.call("vds.order.param"));
        assertError("value", "func", client.call("soft.frobnicate"));
    }

    private int status(String id) {
        return sim.state().service(id).orElseThrow().status();
    }

    private static void assertOk(Answer answer) {
        assertTrue(answer.has("ok"), "expected ok: " + answer);
    }

    private static void assertError(String type, String object, Answer answer) {
        assertEquals(type, answer.errorType(), answer.toString());
        assertEquals(object, answer.errorObject(), answer.toString());
        assertFalse(answer.errorMessage().isBlank());
    }
}
