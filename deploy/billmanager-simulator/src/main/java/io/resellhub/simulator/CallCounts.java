package io.resellhub.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Calls received per {@code func}, so tests can assert "ordered exactly once". Thread-safe. */
final class CallCounts {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void increment(String func) {
        counts.computeIfAbsent(func, key -> new LongAdder()).increment();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((func, count) -> result.put(func, count.sum()));
        return result;
    }

    void clear() {
        counts.clear();
    }
}
