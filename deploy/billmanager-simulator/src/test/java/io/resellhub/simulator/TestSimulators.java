package io.resellhub.simulator;

import java.math.BigDecimal;
import java.time.Instant;

/** Shared set-up: a small catalog, a movable clock, quiet logs, a free port. */
final class TestSimulators {

    /** 09:00 UTC is 12:00 in Moscow: upstream dates are the same day in both zones. */
    static final Instant START = Instant.parse("2026-01-15T09:00:00Z");

    private TestSimulators() {
    }

    static SimulatorConfig config(MutableClock clock) {
        return SimulatorConfig.defaults()
                .withPort(0)
                .withPlans(300)
                .withSeed(42)
                .withCredentials("demo", "demo-secret")
                .withBalance(new BigDecimal("1000.00"), "USD")
                .withClock(clock)
                .withLogCalls(false);
    }

    /** Orders the shortest monthly period of {@code plan} and returns the new service id. */
    static String order(SimClient client, Plan plan, String note, String... productParams) {
        String[] params = new String[8 + productParams.length];
        String[] base = {"sok", "ok", "skipbasket", "on", "pricelist", plan.id(), "period",
                String.valueOf(plan.shortestMonthlyPeriod().orElseThrow())};
        System.arraycopy(base, 0, params, 0, base.length);
        System.arraycopy(productParams, 0, params, base.length, productParams.length);
        String[] withNote = note == null ? params : concat(params, "note", note);
        Answer answer = client.call(plan.itemtype() + ".order.param", withNote);
        if (answer.isError()) {
            throw new AssertionError("order failed: " + answer);
        }
        return answer.child("service").text("id");
    }

    static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
