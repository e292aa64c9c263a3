package io.resellhub.module.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.resellhub.simulator.Plan;
import io.resellhub.simulator.PlanPrice;
import io.resellhub.simulator.ServiceSnapshot;

/**
 * Contract tests: every client function against the real simulator, in json, sjson and xml, with lists
 * as arrays and with one-element lists as objects, with per-request authinfo and with sessions.
 */
class BillmanagerClientContractTest {

    static List<SimulatorFixture.Variant> variants() {
        return SimulatorFixture.allVariants();
    }

    private static final Map<String, String> ITEM_TYPES = Map.of(
            "ispsystem-license", "soft", "ispsystem-module", "softmodule", "ssl-certificate", "certificate");

    private static String orderId() {
        return "ord-" + UUID.randomUUID();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void whoamiAndBalance(SimulatorFixture.Variant variant) {
        try (SimulatorFixture f = SimulatorFixture.start(variant)) {
            AccountInfo info = f.client.whoami(f.connection);
            AccountBalance balance = f.client.balance(f.connection);

            assertEquals(new AccountInfo(f.sim.username(), "16"), info);
            assertEquals(0, f.sim.balance().compareTo(balance.balance()));
            assertEquals("USD", balance.currency());
            assertEquals(0, BigDecimal.ZERO.compareTo(balance.credit()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void listTariffsMatchesTheCatalogForEveryProductType(SimulatorFixture.Variant variant) {
        try (SimulatorFixture f = SimulatorFixture.start(variant)) {
            int total = 0;
            for (Map.Entry<String, String> type : ITEM_TYPES.entrySet()) {
                List<UpstreamPlan> plans = f.client.listTariffs(f.connection, type.getKey());
                List<Plan> catalog = f.sim.catalog(type.getValue());
                assertFalse(catalog.isEmpty(), "the catalog has " + type.getValue() + " plans");
                assertPlansMatch(catalog, plans, type.getKey());
                total += plans.size();
            }
            List<UpstreamPlan> all = f.client.listTariffs(f.connection);
            assertEquals(f.sim.catalog().size(), all.size());
            assertEquals(total, all.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void aPriceListWithOnePlanAndPlansWithOnePeriod(SimulatorFixture.Variant variant) {
        try (SimulatorFixture f = SimulatorFixture.start(variant)) {
            List<Plan> certificates = f.sim.catalog("certificate");
            for (Plan plan : certificates.subList(1, certificates.size())) {
                f.sim.removePlan(plan.id());
            }
            Plan kept = certificates.get(0);
            // one period only: upstream sends the price as an object
            for (PlanPrice price : kept.prices().subList(1, kept.prices().size())) {
                f.sim.changePrice(kept.id(), price.period(), price.cost());
            }

            List<UpstreamPlan> plans = f.client.listTariffs(f.connection, "ssl-certificate");

            assertPlansMatch(List.of(f.sim.plan(kept.id())), plans, "ssl-certificate");
        }
    }

    @org.junit.jupiter.api.Test
    void aTenThousandPlanExportIsReadCompletelyAndExactly() {
        SimulatorFixture.Variant json = new SimulatorFixture.Variant(UpstreamConfig.OutputFormat.JSON, false,
                UpstreamConfig.AuthMode.AUTHINFO);
        try (SimulatorFixture f = SimulatorFixture.start(json, sim -> sim.withPlans(10_000), c -> c)) {
            List<UpstreamPlan> all = f.client.listTariffs(f.connection);

            assertEquals(10_000, all.size());
            for (Map.Entry<String, String> type : ITEM_TYPES.entrySet()) {
                List<UpstreamPlan> ofType = all.stream().filter(p -> p.productType().equals(type.getKey()))
                        .collect(Collectors.toList());
                assertPlansMatch(f.sim.catalog(type.getValue()), ofType, type.getKey());
            }
        }
    }

    private static void assertPlansMatch(List<Plan> catalog, List<UpstreamPlan> plans, String productType) {
        assertEquals(catalog.stream().map(Plan::id).collect(Collectors.toList()),
                plans.stream().map(UpstreamPlan::id).collect(Collectors.toList()));
        for (int i = 0; i < catalog.size(); i++) {
            Plan expected = catalog.get(i);
            UpstreamPlan actual = plans.get(i);
            assertEquals(expected.name(), actual.name());
            assertEquals(productType, actual.productType());
            assertEquals(expected.available(), actual.available(), expected.id());
            assertEquals(expected.currency(), actual.currency());
            assertEquals(expected.description(), actual.description());
            assertEquals(expected.prices().size(), actual.prices().size(), expected.id());
            for (int p = 0; p < expected.prices().size(); p++) {
                assertEquals(expected.prices().get(p).period(), actual.prices().get(p).period());
                assertEquals(expected.prices().get(p).cost(), actual.prices().get(p).cost(),
                        "money is read from its string exactly, scale included");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void orderLicenseModuleAndCertificateThenReadThem(SimulatorFixture.Variant variant) {
        try (SimulatorFixture f = SimulatorFixture.start(variant)) {
            Plan licensePlan = f.sim.orderablePlan("soft");
            int period = licensePlan.shortestMonthlyPeriod().orElseThrow();
            String licenseOrder = orderId();
            BigDecimal before = f.sim.balance();

            UpstreamService license = f.client.order(f.connection, new UpstreamOrder("ispsystem-license",
                    licensePlan.id(), period, Map.of("ip", "192.0.2.10", "hostname", "srv1.example.com"), licenseOrder));

            ServiceSnapshot stored = f.sim.state().servicesWithNote(licenseOrder).get(0);
            assertEquals(stored.id(), license.id());
            assertEquals("ispsystem-license", license.productType());
            assertEquals(licensePlan.id(), license.planId());
            assertEquals(period, license.period());
            assertEquals(UpstreamService.ACTIVE, license.status());
            assertEquals(licenseOrder, license.note());
            assertEquals(stored.expiredate(), license.expireDate());
            assertNotNull(license.licenseKey());
            assertTrue(license.licenseKey().startsWith("ISP6-"), license.licenseKey());
            assertEquals(0, before.subtract(licensePlan.price(period).orElseThrow()).compareTo(f.sim.balance()));

            Plan modulePlan = f.sim.orderablePlan("softmodule");
            UpstreamService module = f.client.order(f.connection, new UpstreamOrder("ispsystem-module", modulePlan.id(),
                    modulePlan.shortestMonthlyPeriod().orElseThrow(), Map.of("parent", license.id()), orderId()));
            assertEquals("ispsystem-module", module.productType());
            assertEquals(license.id(), f.sim.state().service(module.id()).orElseThrow().params().get("parent"));

            Plan certificatePlan = f.sim.orderablePlan("certificate");
            UpstreamService certificate = f.client.order(f.connection, new UpstreamOrder("ssl-certificate",
                    certificatePlan.id(), certificatePlan.shortestMonthlyPeriod().orElseThrow(),
                    Map.of("domain", "shop.example.com", "approver_email", "admin@example.com"), orderId()));
            assertEquals(UpstreamService.PROCESSING, certificate.status());
            assertEquals("shop.example.com", certificate.domain());
            assertNull(certificate.licenseKey());

            // the list: one service per type, so in the single-object shape each list is an object
            List<UpstreamService> licenses = f.client.services(f.connection, "ispsystem-license");
            assertEquals(1, licenses.size());
            UpstreamService listed = licenses.get(0);
            assertEquals(license.id(), listed.id());
            assertEquals(licenseOrder, listed.note());
            assertEquals(license.expireDate(), listed.expireDate());
            assertEquals(license.planId(), listed.planId());
            assertEquals(UpstreamService.ACTIVE, listed.status());
            assertEquals(stored.cost(), listed.cost());
            assertEquals("USD", listed.currency());
            assertEquals(1, f.client.services(f.connection, "ispsystem-module").size());
            assertEquals(1, f.client.services(f.connection, "ssl-certificate").size());

            UpstreamService info = f.client.serviceInfo(f.connection, "ispsystem-license", license.id());
            assertEquals(license, info);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void prolongSuspendResumeAndClose(SimulatorFixture.Variant variant) {
        try (SimulatorFixture f = SimulatorFixture.start(variant)) {
            Plan plan = f.sim.orderablePlan("soft");
            int period = plan.shortestMonthlyPeriod().orElseThrow();
            UpstreamService license = f.client.order(f.connection, new UpstreamOrder("ispsystem-license", plan.id(),
                    period, Map.of("ip", "192.0.2.11"), orderId()));
            BigDecimal before = f.sim.balance();

            UpstreamService renewed = f.client.prolong(f.connection, "ispsystem-license", license.id(), period,
                    license.expireDate());

            assertEquals(license.expireDate().plusMonths(period), renewed.expireDate());
            assertEquals(renewed.expireDate(), f.sim.state().service(license.id()).orElseThrow().expiredate());
            assertEquals(0, before.subtract(plan.price(period).orElseThrow()).compareTo(f.sim.balance()));

            f.client.suspend(f.connection, "ispsystem-license", license.id());
            assertEquals(UpstreamService.STOPPED, f.client.serviceInfo(f.connection, "ispsystem-license", license.id()).status());
            f.client.suspend(f.connection, "ispsystem-license", license.id()); // a no-op success
            f.client.resume(f.connection, "ispsystem-license", license.id());
            assertEquals(UpstreamService.ACTIVE, f.client.serviceInfo(f.connection, "ispsystem-license", license.id()).status());
            f.client.close(f.connection, "ispsystem-license", license.id());
            f.client.close(f.connection, "ispsystem-license", license.id()); // a no-op success
            assertEquals(ServiceSnapshot.DELETED, f.sim.state().service(license.id()).orElseThrow().status());
            assertTrue(f.client.serviceInfo(f.connection, "ispsystem-license", license.id()).isDeleted());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void upstreamRefusalsBecomeTypedFailuresWithTheUpstreamMessage(SimulatorFixture.Variant variant) {
        try (SimulatorFixture f = SimulatorFixture.start(variant)) {
            Plan plan = f.sim.orderablePlan("soft");
            int period = plan.shortestMonthlyPeriod().orElseThrow();

            UpstreamRejectedException notFound = assertThrows(UpstreamRejectedException.class,
                    () -> f.client.serviceInfo(f.connection, "ispsystem-license", "999999"));
            assertEquals(UpstreamFailureKind.NOT_FOUND, notFound.kind());
            assertNotNull(notFound.upstreamMessage());

            UpstreamRejectedException badIp = assertThrows(UpstreamRejectedException.class, () -> f.client.order(
                    f.connection, new UpstreamOrder("ispsystem-license", plan.id(), period, Map.of("ip", "not-an-ip"), orderId())));
            assertEquals(UpstreamFailureKind.VALIDATION, badIp.kind());
            assertEquals("ip", badIp.field());

            UpstreamRejectedException missing = assertThrows(UpstreamRejectedException.class, () -> f.client.order(
                    f.connection, new UpstreamOrder("ssl-certificate", f.sim.orderablePlan("certificate").id(),
                            f.sim.orderablePlan("certificate").shortestMonthlyPeriod().orElseThrow(), Map.of(), orderId())));
            assertEquals(UpstreamFailureKind.VALIDATION, missing.kind());
            assertEquals("domain", missing.field());

            f.sim.setBalance(BigDecimal.ZERO);
            long ordersBefore = f.sim.callCount("soft.order.param");
            String poorOrder = orderId();
            UpstreamRejectedException money = assertThrows(UpstreamRejectedException.class, () -> f.client.order(
                    f.connection, new UpstreamOrder("ispsystem-license", plan.id(), period, Map.of("ip", "192.0.2.12"), poorOrder)));
            assertEquals(UpstreamFailureKind.INSUFFICIENT_BALANCE, money.kind());
            assertNotNull(money.upstreamMessage());
            assertTrue(f.sim.state().servicesWithNote(poorOrder).isEmpty());
            assertEquals(ordersBefore + 1, f.sim.callCount("soft.order.param"), "the money refusal was sent once");

            f.sim.setBalance(new BigDecimal("1000.00"));
            f.sim.setPlanAvailable(plan.id(), false);
            UpstreamRejectedException unavailable = assertThrows(UpstreamRejectedException.class, () -> f.client.order(
                    f.connection, new UpstreamOrder("ispsystem-license", plan.id(), period, Map.of("ip", "192.0.2.12"), orderId())));
            assertEquals(UpstreamFailureKind.PLAN_UNAVAILABLE, unavailable.kind());

            UpstreamConnection wrongPassword = new UpstreamConnection(f.sim.baseUrl(), f.sim.username(), "not-the-password");
            UpstreamRejectedException auth = assertThrows(UpstreamRejectedException.class,
                    () -> f.client.whoami(wrongPassword));
            assertEquals(UpstreamFailureKind.AUTHENTICATION, auth.kind());
            assertTrue(auth.getMessage().startsWith("Wrong username or password for 'demo'"), auth.getMessage());

            f.sim.blockAccount("unpaid invoices");
            UpstreamRejectedException blocked = assertThrows(UpstreamRejectedException.class,
                    () -> f.client.balance(f.connection));
            assertEquals(UpstreamFailureKind.PERMISSION, blocked.kind());
            assertTrue(blocked.upstreamMessage().contains("unpaid invoices"), blocked.upstreamMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void aUrlWithoutTheEndpointIsCompletedAndAWrongPathIsNamed(SimulatorFixture.Variant variant) {
        try (SimulatorFixture f = SimulatorFixture.start(variant)) {
            String root = f.sim.baseUrl().substring(0, f.sim.baseUrl().length() - "/billmgr".length());

            assertEquals("demo", f.client.whoami(new UpstreamConnection(root + "/", "demo", f.sim.password())).login());

            NotBillmanagerException wrong = assertThrows(NotBillmanagerException.class,
                    () -> f.client.whoami(new UpstreamConnection(root + "/manager", "demo", f.sim.password())));
            assertTrue(wrong.getMessage().contains("answered HTTP 404"), wrong.getMessage());
        }
    }
}
