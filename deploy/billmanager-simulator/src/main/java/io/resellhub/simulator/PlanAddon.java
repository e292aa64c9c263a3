package io.resellhub.simulator;

import java.math.BigDecimal;

/** An add-on exported with a plan; clients must read past these without failing. */
public record PlanAddon(String id, String name, BigDecimal cost) {
}
