package io.resellhub.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every function in every output format, read as a tolerant client would, plus the raw shape rules. */
class FunctionsInAllFormatsTest extends SimulatorTest {


    @ParameterizedTest
    @EnumSource(DocFormat.class)
    void whoami(DocFormat format) {
        Answer doc = client.call(format, "whoami");
        assertEquals("en", doc.attr("lang"));
        assertEquals("whoami", doc.attr("func"));
        assertEquals("demo", doc.child("user").text());
        assertEquals("16", doc.child("user").attr("level"));
    }

    @ParameterizedTest
    @EnumSource(DocFormat.class)
    void accountListsThePayingAccountFirst(DocFormat format) {
        sim.setBalance(new BigDecimal("123.4"));
        List<Answer> accounts = client.call(format, "account").list("elem");
        assertEquals(2, accounts.size());
        assertEquals("123.40", accounts.get(0).text("balance"));
        assertEquals("USD", accounts.get(0).text("currency"));
        assertEquals("0.00", accounts.get(0).text("credit"));
        assertEquals("0.00", accounts.get(1).text("balance"));
    }

    @ParameterizedTest
    @EnumSource(DocFormat.class)
    void pricelistExportShowsEveryPlanOfTheItemType(DocFormat format) {
        List<Answer> plans = client.call(format, "pricelist.export", "itemtype", "certificate").list("elem");
        List<Plan> expected = sim.catalog("certificate");
        assertEquals(expected.size(), plans.size());
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = expected.get(i);
            Answer elem = plans.get(i);
            assertEquals(plan.id(), elem.text("id"));
            assertEquals(plan.name(), elem.text("name"));
            assertEquals("certificate", elem.text("itemtype"));
            assertEquals(plan.available() ? "on" : "off", elem.text("orderavailable"));
            assertEquals(plan.currency(), elem.text("currency"));
            assertEquals(plan.description(), elem.text("description"));
            List<Answer> prices = elem.list("price");
            assertEquals(plan.prices().size(), prices.size());
            for (int p = 0; p < prices.size(); p++) {
                assertEquals(String.valueOf(plan.prices().get(p).period()), prices.get(p).attr("period"));
                assertEquals(plan.prices().get(p).cost().toPlainString(), prices.get(p).attr("cost"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DocFormat.class)
    void orderListEditProlongAndChangeAService(DocFormat format) {
        Plan plan = sim.orderablePlan("soft");
        int period = plan.shortestMonthlyPeriod().orElseThrow();
        Answer ordered = client.call(format, "soft.order.param", "sok", "ok", "skipbasket", "on",
                "pricelist", plan.id(), "period", String.valueOf(period), "ip", "192.0.2.10", "note", "order-" + format);
        String id = ordered.child("service").text("id");
        assertEquals("1", ordered.child("service").text("status"));

        List<Answer> services = client.call(format, "soft").list("elem");
        assertEquals(1, services.size());
        assertEquals(id, services.get(0).text("id"));
        assertEquals(plan.id(), services.get(0).text("pricelist"));
        assertEquals("2", services.get(0).text("status"));
        assertEquals("order-" + format, services.get(0).text("note"));
        assertEquals("2026-01-15", services.get(0).text("createdate"));

        Answer form = client.call(format, "soft.edit", "elid", id);
        assertEquals(id, form.text("elid"));
        assertEquals("192.0.2.10", form.text("ip"));
        assertTrue(form.text("licensekey").startsWith("ISP6-"));
        assertFalse(form.has("elem"), "a form has its fields directly under doc");

        Answer prolonged = client.call(format, "service.prolong", "elid", id, "sok", "ok", "period", String.valueOf(period));
        assertEquals(id, prolonged.child("service").text("id"));
        assertEquals(TestSimulators.START.atZone(sim.config().zone()).toLocalDate().plusMonths(2L * period).toString(),
                prolonged.child("service").text("expiredate"));

        for (String action : List.of("suspend", "resume", "delete")) {
            Answer ok = client.call(format, "soft." + action, "elid", id, "sok", "ok");
            assertTrue(ok.has("ok"), action + " answers ok: " + ok);
        }
        assertEquals(4, sim.state().service(id).orElseThrow().status());
    }

    @ParameterizedTest
    @EnumSource(DocFormat.class)
    void errorsComeAsTheEnvelopeWithHttp200(DocFormat format) throws IOException {
        HttpResponse<String> response = client.post("func", "soft.edit", "out", format.code(), "lang", "en",
                "authinfo", sim.authinfo(), "elid", "999999");
        assertEquals(200, response.statusCode());
        Answer doc = Answer.parse(format, response.body());
        assertEquals("notfound", doc.errorType());
        assertEquals("elid", doc.errorObject());
        assertEquals("Object '999999' not found", doc.errorMessage());
    }

    @Test
    void jsonWrapsEveryTextAndPrefixesAttributesAndNeverHasJsonNumbers() throws IOException {
        TestSimulators.order(client, sim.orderablePlan("soft"), "n1", "ip", "192.0.2.1");
        for (String func : List.of("whoami", "account", "pricelist.export", "soft", "soft.edit")) {
            String body = client.post("func", func, "out", "json", "authinfo", sim.authinfo(), "elid", "5001").body();
            assertOnlyStringLeaves(MiniJson.parse(body), body);
            assertFalse(body.contains("\"$\":\"\""), "no empty texts");
        }
        Map<String, Object> export = MiniJson.object(client.post("func", "pricelist.export", "out", "json",
                "authinfo", sim.authinfo()).body());
        Map<?, ?> first = (Map<?, ?>) ((List<?>) ((Map<?, ?>) export.get("doc")).get("elem")).get(0);
        assertEquals(Map.of("$", sim.catalog().get(0).id()), first.get("id"));
        Object price = first.get("price");
        Map<?, ?> onePrice = price instanceof List ? (Map<?, ?>) ((List<?>) price).get(0) : (Map<?, ?>) price;
        assertTrue(onePrice.containsKey("$period") && onePrice.containsKey("$cost"), "price attributes: " + onePrice);
    }

    @Test
    void sjsonUsesPlainStrings() throws IOException {
        String body = client.post("func", "whoami", "out", "sjson", "authinfo", sim.authinfo(), "lang", "en").body();
        assertEquals("{\"doc\":{\"lang\":\"en\",\"func\":\"whoami\",\"user\":{\"level\":\"16\",\"$\":\"demo\"}}}\n", body);
        String export = client.post("func", "pricelist.export", "out", "sjson", "authinfo", sim.authinfo()).body();
        assertOnlyStringLeaves(MiniJson.parse(export), export);
        assertFalse(export.contains("\"$"), "sjson has no $ keys in an export");
    }

    @Test
    void aListWithoutElementsHasNoKey() throws IOException {
        for (String out : List.of("json", "sjson")) {
            Map<String, Object> doc = MiniJson.object(client.post("func", "certificate", "out", out,
                    "authinfo", sim.authinfo()).body());
            Map<?, ?> root = (Map<?, ?>) doc.get("doc");
            assertFalse(root.containsKey("elem"), out + ": " + root);
        }
        String xml = client.post("func", "certificate", "authinfo", sim.authinfo()).body();
        assertFalse(xml.contains("<elem"), xml);
        assertTrue(xml.contains("<doc lang=\"ru\" func=\"certificate\"/>"), "xml is the default format: " + xml);
    }

    @Test
    void aListWithOneElementIsAnArrayByDefault() throws IOException {
        TestSimulators.order(client, sim.orderablePlan("soft"), "n1", "ip", "192.0.2.1");
        Map<?, ?> root = (Map<?, ?>) MiniJson.object(client.post("func", "soft", "out", "json",
                "authinfo", sim.authinfo()).body()).get("doc");
        assertInstanceOf(List.class, root.get("elem"));
        assertEquals(1, ((List<?>) root.get("elem")).size());
    }

    @Test
    void singleElementListsBecomeObjectsWhenConfigured() throws IOException {
        try (BillmanagerSimulator single = BillmanagerSimulator.start(TestSimulators.config(clock)
                .withSingleElementListsAsObject(true))) {
            SimClient singleClient = new SimClient(single);
            Plan plan = single.orderablePlan("soft");
            TestSimulators.order(singleClient, plan, "n1", "ip", "192.0.2.1");
            for (String out : List.of("json", "sjson")) {
                Map<?, ?> root = (Map<?, ?>) MiniJson.object(singleClient.post("func", "soft", "out", out,
                        "authinfo", single.authinfo()).body()).get("doc");
                assertInstanceOf(Map.class, root.get("elem"), out + " one service is an object");
                Map<?, ?> accounts = (Map<?, ?>) MiniJson.object(singleClient.post("func", "account", "out", out,
                        "authinfo", single.authinfo()).body()).get("doc");
                assertInstanceOf(List.class, accounts.get("elem"), out + " two accounts stay an array");
            }
            // Every one-element list, a plan's single price and single add-on included.
            Plan onePrice = single.catalog().stream().filter(p -> p.prices().size() == 1).findFirst().orElseThrow();
            Plan oneAddon = single.catalog().stream().filter(p -> p.addons().size() == 1).findFirst().orElseThrow();
            Map<?, ?> export = (Map<?, ?>) MiniJson.object(singleClient.post("func", "pricelist.export", "out", "json",
                    "authinfo", single.authinfo()).body()).get("doc");
            for (Object elem : (List<?>) export.get("elem")) {
                Map<?, ?> plan1 = (Map<?, ?>) elem;
                String id = (String) ((Map<?, ?>) plan1.get("id")).get("$");
                if (id.equals(onePrice.id())) {
                    assertInstanceOf(Map.class, plan1.get("price"));
                }
                if (id.equals(oneAddon.id())) {
                    assertInstanceOf(Map.class, plan1.get("addon"));
                }
            }
        }
    }

    @Test
    void aPlanWithOnePeriodExportsItsPriceAsAnObjectEvenWithListsAsArrays() throws IOException {
        Map<String, Plan> catalog = new java.util.HashMap<>();
        sim.catalog().forEach(plan -> catalog.put(plan.id(), plan));
        Map<?, ?> export = (Map<?, ?>) MiniJson.object(client.post("func", "pricelist.export", "out", "json",
                "authinfo", sim.authinfo()).body()).get("doc");
        int singlePrices = 0;
        int singleAddons = 0;
        for (Object elem : (List<?>) export.get("elem")) {
            Map<?, ?> exported = (Map<?, ?>) elem;
            Plan plan = catalog.get((String) ((Map<?, ?>) exported.get("id")).get("$"));
            if (plan.prices().size() == 1) {
                assertInstanceOf(Map.class, exported.get("price"), "upstream sends one period as an object");
                singlePrices++;
            } else {
                assertInstanceOf(List.class, exported.get("price"));
            }
            if (plan.addons().isEmpty()) {
                assertFalse(exported.containsKey("addon"), "no add-ons, no key");
            } else {
                assertInstanceOf(List.class, exported.get("addon"), "other one-element lists stay arrays");
                singleAddons += plan.addons().size() == 1 ? 1 : 0;
            }
        }
        assertTrue(singlePrices > 0 && singleAddons > 0, "the catalog exercises both cases");
    }

    private static void assertOnlyStringLeaves(Object value, String body) {
        if (value instanceof Map) {
            ((Map<?, ?>) value).values().forEach(child -> assertOnlyStringLeaves(child, body));
        } else if (value instanceof List) {
            assertFalse(((List<?>) value).isEmpty(), "no empty arrays");
            ((List<?>) value).forEach(child -> assertOnlyStringLeaves(child, body));
        } else {
            assertInstanceOf(String.class, value, "every value is a string in " + body.substring(0, Math.min(300, body.length())));
        }
    }
}
