package io.resellhub.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceListExportTest extends SimulatorTest {


    @Test
    void withoutFiltersEveryPlanOfEveryTypeIsExported() {
        List<Answer> plans = client.call("pricelist.export").list("elem");
        assertEquals(300, plans.size());
        assertEquals(sim.catalog().stream().map(Plan::id).collect(Collectors.toList()),
                plans.stream().map(plan -> plan.text("id")).collect(Collectors.toList()));
    }

    @Test
    void filtersByItemTypeAndAvailability() {
        int unorderable = 0;
        for (String itemtype : List.of("soft", "softmodule", "certificate")) {
            List<Answer> all = client.call("pricelist.export", "itemtype", itemtype).list("elem");
            List<Answer> orderable = client.call("pricelist.export", "itemtype", itemtype, "onlyavailable", "on").list("elem");
            assertEquals(sim.catalog(itemtype).size(), all.size());
            assertTrue(all.stream().allMatch(plan -> plan.text("itemtype").equals(itemtype)));
            assertTrue(orderable.stream().allMatch(plan -> plan.text("orderavailable").equals("on")));
            assertEquals(sim.catalog(itemtype).stream().filter(Plan::available).count(), orderable.size());
            unorderable += all.size() - orderable.size();
        }
        assertTrue(unorderable > 0, "the filter had something to filter");
        assertFalse(client.call("pricelist.export", "itemtype", "vds").has("elem"), "an unknown type has no plans, so no key");
    }

    @Test
    void priceChangesWithdrawalsAndAvailabilityShowInTheExport() {
        Plan plan = sim.orderablePlan("soft");
        sim.changePrice(plan.id(), 12, new BigDecimal("99.00"));
        Answer changed = find(client.call("pricelist.export", "itemtype", "soft"), plan.id());
        assertTrue(changed.list("price").stream().anyMatch(p -> p.attr("period").equals("12") && p.attr("cost").equals("99.00")));

        sim.setPlanAvailable(plan.id(), false);
        assertEquals("off", find(client.call("pricelist.export", "itemtype", "soft"), plan.id()).text("orderavailable"));
        assertTrue(client.call("pricelist.export", "itemtype", "soft", "onlyavailable", "on").list("elem").stream()
                .noneMatch(p -> p.text("id").equals(plan.id())));

        sim.removePlan(plan.id());
        assertTrue(client.call("pricelist.export").list("elem").stream().noneMatch(p -> p.text("id").equals(plan.id())));
        assertTrue(sim.catalog().stream().noneMatch(p -> p.id().equals(plan.id())));

        sim.reset();
        assertEquals(plan, sim.plan(plan.id()), "reset restores the catalog");
    }

    @Test
    void sameSeedAndSizeGiveTheSameBytes() throws IOException {
        try (BillmanagerSimulator twin = BillmanagerSimulator.start(TestSimulators.config(MutableClock.at(TestSimulators.START)));
             BillmanagerSimulator other = BillmanagerSimulator.start(TestSimulators.config(MutableClock.at(TestSimulators.START)).withSeed(7))) {
            for (String out : List.of("json", "sjson", "xml")) {
                String mine = export(client, sim, out, 10).body();
                assertEquals(mine, export(new SimClient(twin), twin, out, 10).body(), out);
                assertNotEquals(mine, export(new SimClient(other), other, out, 10).body(), out);
            }
        }
    }

    @Test
    void tenThousandPlansExportQuickly() throws IOException {
        try (BillmanagerSimulator big = BillmanagerSimulator.start(TestSimulators.config(clock).withPlans(10_000))) {
            SimClient bigClient = new SimClient(big);
            export(bigClient, big, "json", 10); // warm-up
            for (String out : List.of("json", "xml", "sjson")) {
                long started = System.nanoTime();
                HttpResponse<String> response = export(bigClient, big, out, 10);
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                int bytes = response.body().getBytes(StandardCharsets.UTF_8).length;
                assertEquals(200, response.statusCode());
                assertTrue(millis < 3000, out + " took " + millis + " ms");
                assertTrue(response.headers().firstValue("Transfer-Encoding").isPresent(), "big answers stream");
                if (out.equals("json")) {
                    assertTrue(bytes > 3_000_000 && bytes < 6_000_000, "json size " + bytes);
                    assertEquals(10_000, Answer.parse(DocFormat.JSON, response.body()).list("elem").size());
                }
            }
        }
    }

    private static HttpResponse<String> export(SimClient client, BillmanagerSimulator simulator, String out, int timeoutSeconds)
            throws IOException {
        return client.postWithTimeout(Duration.ofSeconds(timeoutSeconds), "func", "pricelist.export", "out", out, "lang", "en",
                "authinfo", simulator.authinfo());
    }

    private static Answer find(Answer export, String id) {
        return export.list("elem").stream().filter(plan -> plan.text("id").equals(id)).findFirst().orElseThrow();
    }
}
