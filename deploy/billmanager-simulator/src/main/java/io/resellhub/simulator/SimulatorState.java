package io.resellhub.simulator;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A consistent snapshot of the simulated upstream, for assertions.
 *
 * @param balance      balance of the paying account
 * @param currency     its currency
 * @param blocked      whether the account is blocked (every call answers {@code access})
 * @param blockReason  the reason named in the {@code access} message, or null
 * @param services     every service of the account, in order of creation (deleted ones included)
 * @param callCounts   calls received per {@code func} (faulted and failed ones included); "(none)" when absent
 * @param sessions     live {@code func=auth} sessions
 * @param pendingFaults armed faults not yet used up
 */
public record SimulatorState(BigDecimal balance, String currency, boolean blocked, String blockReason,
                             List<ServiceSnapshot> services, Map<String, Long> callCounts, int sessions,
                             List<PendingFault> pendingFaults) {

    /** A fault rule that will still fire {@code remaining} more times, for {@code func} or any function when null. */
    public record PendingFault(String func, int remaining, Fault fault) {
    }

    public SimulatorState {
        services = List.copyOf(services);
        callCounts = Collections.unmodifiableMap(new TreeMap<>(callCounts));
        pendingFaults = List.copyOf(pendingFaults);
    }

    /** Calls received for {@code func}, 0 when none. */
    public long callCount(String func) {
        return callCounts.getOrDefault(func, 0L);
    }

    /** The service with this upstream id. */
    public Optional<ServiceSnapshot> service(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The services ordered with this {@code note} (our order id); more than one means a double order. */
    public List<ServiceSnapshot> servicesWithNote(String note) {
        return services.stream().filter(s -> note.equals(s.note())).toList();
    }
}
