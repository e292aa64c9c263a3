package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every selector selects something (see {@link Selectors}), and a selector with a typo fails. */
class SelectorsTest {

    static List<String> overlays() {
        return Project.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everySelectorOfAnOverlaySelectsAPod(String overlay) {
        Problems.assertNone(Selectors.problems(Rendered.overlay(overlay)));
    }

    @Test
    void everySelectorOfAComponentSelectsAPod() {
        List<String> problems = new ArrayList<>();
        for (String component : Project.components()) {
            problems.addAll(Selectors.problems(Rendered.withComponent(component)));
        }
        Problems.assertNone(problems);
    }

    @Test
    void aServiceSelectingNoPodFails() {
        assertBroken(Rendered.overlay("prod"), "Service", "gateway", "/spec/selector", "Service gateway");
    }

    @Test
    void aNetworkPolicyOrBudgetSelectingNoPodFails() {
        assertBroken(Rendered.overlay("prod"), "NetworkPolicy", "tariff-service", "/spec/podSelector/matchLabels",
                "NetworkPolicy tariff-service");
        assertBroken(Rendered.overlay("prod"), "PodDisruptionBudget", "module-service", "/spec/selector/matchLabels",
                "PodDisruptionBudget module-service");
    }

    @Test
    void aMonitorSelectingNothingFails() {
        Rendered monitored = Rendered.withComponent("prometheus-operator");
        assertBroken(monitored, "ServiceMonitor", "reselling-service", "/spec/selector/matchLabels", "ServiceMonitor reselling-service");
        assertBroken(monitored, "PodMonitor", "tariff-service-db", "/spec/selector/matchLabels", "PodMonitor tariff-service-db");
    }

    /** A copy with a typo in the selector's first label value must fail the check. */
    private static void assertBroken(Rendered rendered, String kind, String name, String selector, String expected) {
        Consumer<List<ObjectNode>> typo = documents -> {
            ObjectNode doc = documents.stream()
                    .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(rendered + " has no " + kind + " " + name));
            ObjectNode labels = (ObjectNode) doc.at(selector);
            String key = labels.fieldNames().next();
            labels.put(key, labels.get(key).asText() + "-typo");
        };
        Rendered broken = rendered.changed("broken copy of " + rendered, typo);
        Problems.assertNone(broken.problems);
        List<String> problems = Selectors.problems(broken);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem about " + expected + ", got " + problems);
    }
}
