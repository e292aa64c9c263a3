package io.resellhub.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Armed faults: "the next K calls (of function F, or of any function) fail like this". Rules fire in
 * the order they were armed; a call consumes at most one rule. Thread-safe.
 */
final class Faults {

    private static final class Rule {
        final String func;
        final Fault fault;
        int remaining;

        Rule(String func, int remaining, Fault fault) {
            this.func = func;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    synchronized void add(String func, int count, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        rules.add(new Rule(func == null || func.isBlank() ? null : func.trim(), count, fault));
    }

    /** The fault this call must suffer, or null; counts the call against the matching rule. */
    synchronized Fault take(String func) {
        Iterator<Rule> iterator = rules.iterator();
        while (iterator.hasNext()) {
            Rule rule = iterator.next();
            if (rule.func == null || rule.func.equals(func)) {
                rule.remaining--;
                if (rule.remaining == 0) {
                    iterator.remove();
                }
                return rule.fault;
            }
        }
        return null;
    }

    synchronized List<SimulatorState.PendingFault> pending() {
        List<SimulatorState.PendingFault> result = new ArrayList<>();
        for (Rule rule : rules) {
            result.add(new SimulatorState.PendingFault(rule.func, rule.remaining, rule.fault));
        }
        return result;
    }

    synchronized void clear() {
        rules.clear();
    }
}
