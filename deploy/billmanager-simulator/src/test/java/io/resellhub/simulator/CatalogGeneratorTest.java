package io.resellhub.simulator;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogGeneratorTest {

    private static final List<Plan> PLANS = CatalogGenerator.generate(42, 2000);

    @Test
    void sameSeedAndSizeGiveTheSameCatalogAndABiggerOneExtendsIt() {
        assertEquals(PLANS, CatalogGenerator.generate(42, 2000));
        assertEquals(PLANS.subList(0, 100), CatalogGenerator.generate(42, 100));
        assertNotEquals(PLANS.subList(0, 100), CatalogGenerator.generate(43, 100));
    }

    @Test
    void idsAreUniqueAndIncreasing() {
        long previous = 0;
        for (Plan plan : PLANS) {
            long id = Long.parseLong(plan.id());
            assertTrue(id > previous, "ids must increase: " + plan.id());
            previous = id;
        }
    }

    @Test
    void spreadsOverItemTypesCurrenciesAndPeriods() {
        assertEquals(Set.of("soft", "softmodule", "certificate"), collect(Plan::itemtype));
        assertEquals(Set.of("USD", "EUR", "RUB"), collect(Plan::currency));
        Set<Integer> periods = PLANS.stream().flatMap(plan -> plan.periods().stream()).collect(Collectors.toSet());
        assertEquals(Set.of(-100, -50, 0, 1, 3, 6, 12, 24, 36), periods);
        long usd = PLANS.stream().filter(plan -> plan.currency().equals("USD")).count();
        assertTrue(usd > PLANS.size() / 2, "mostly USD");
        assertTrue(PLANS.stream().anyMatch(plan -> plan.prices().size() == 1), "some plans have a single price");
        assertTrue(PLANS.stream().anyMatch(plan -> !plan.available()), "some plans are not orderable");
        assertTrue(PLANS.stream().filter(plan -> !plan.available()).count() < PLANS.size() / 5, "most are orderable");
    }

    @Test
    void hasRealisticNamesSomeInCyrillic() {
        Set<String> names = collect(Plan::name);
        for (String expected : List.of("ispmanager 6 Lite", "ispmanager 6 Pro", "ispmanager 6 Host", "ispmanager 6 Business",
                "ispmanager 6 Cloudflare module", "Comodo PositiveSSL", "Sectigo EV SSL")) {
            assertTrue(names.contains(expected), "missing " + expected);
        }
        assertTrue(names.stream().anyMatch(name -> name.chars().anyMatch(c -> Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CYRILLIC)));
        for (Plan plan : PLANS) {
            boolean fits = plan.itemtype().equals("certificate") ? plan.name().contains("SSL") || plan.name().contains("Secure Site")
                    : plan.itemtype().equals("softmodule") ? plan.name().toLowerCase().contains("модуль") || plan.name().endsWith("module")
                    : plan.name().contains("manager 6");
            assertTrue(fits, "name does not fit its item type: " + plan);
        }
    }

    @Test
    void moneyComesInVariedShapesAndIsNeverNegative() {
        Set<Integer> scales = new HashSet<>();
        for (Plan plan : PLANS) {
            for (PlanPrice price : plan.prices()) {
                assertTrue(price.cost().signum() >= 0);
                scales.add(price.cost().scale());
                if (price.period() == PlanPrice.TRIAL) {
                    assertEquals(0, price.cost().compareTo(BigDecimal.ZERO), "trials are free");
                }
            }
        }
        assertTrue(scales.containsAll(Set.of(0, 1, 2, 4)), "scales seen: " + scales);
    }

    @Test
    void carriesOptionalAndUnknownFields() {
        assertTrue(PLANS.stream().anyMatch(plan -> plan.description() != null));
        assertTrue(PLANS.stream().anyMatch(plan -> plan.description() == null));
        assertTrue(PLANS.stream().anyMatch(plan -> plan.addons().size() == 1));
        assertTrue(PLANS.stream().anyMatch(plan -> plan.addons().size() == 2));
        assertTrue(PLANS.stream().anyMatch(plan -> plan.extras().containsKey("intname")));
        assertTrue(PLANS.stream().anyMatch(plan -> plan.extras().containsKey("orderpriority")));
    }

    private static Set<String> collect(java.util.function.Function<Plan, String> field) {
        return PLANS.stream().map(field).collect(Collectors.toSet());
    }
}
