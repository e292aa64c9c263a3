package io.resellhub.module.provisioning;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.module.config.ModuleServiceConfig;
import io.resellhub.module.domain.ModuleBalance;
import io.resellhub.module.domain.ProcessingModule;
import io.resellhub.module.domain.ProcessingModuleRepository;
import io.resellhub.module.service.BalanceWatch;
import io.resellhub.module.service.ModuleConnections;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.ChangeGuard;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamException;
import io.resellhub.module.upstream.UpstreamFailureKind;
import io.resellhub.module.upstream.UpstreamService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Which processing module serves an order, and whether a renewal may go upstream now.
 *
 * <p>An order goes to the first of its candidate modules by {@code sort}, then name, that can take it now: not
 * deleted, its circuit breaker not open, and its upstream balance (the last reading, read again when it is older
 * than the balance-watch interval or too low) at or above its minimal balance plus the order's upstream cost. When
 * that module refuses with {@code money} or the plan as unavailable, or cannot be reached before anything was sent,
 * the next one is tried. The module an order is sent to is written to the action (fenced by the claim) right before
 * the call, and kept in {@code routed_modules} unless it refused for certain, so a later attempt looks there by
 * note before ordering anywhere: an order is never placed twice, whichever module it ends at.
 */
@ApplicationScoped
public class OrderRouting {

    private final ProcessingModuleRepository modules;
    private final ModuleConnections connections;
    private final BillmanagerClient client;
    private final BalanceWatch balances;
    private final ModuleServiceConfig moduleConfig;
    private final ProvisioningConfig config;
    private final EntityManager entityManager;
    private final Clock clock;

    public OrderRouting(ProcessingModuleRepository modules, ModuleConnections connections, BillmanagerClient client,
            BalanceWatch balances, ModuleServiceConfig moduleConfig, ProvisioningConfig config,
            EntityManager entityManager, Clock clock) {
        this.modules = modules;
        this.connections = connections;
        this.client = client;
        this.balances = balances;
        this.moduleConfig = moduleConfig;
        this.config = config;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /**
     * Why a renewal through this module must wait (its balance is below its minimal balance), or empty when it may
     * go upstream. A module without a minimal balance, or whose balance cannot be read, never holds one back.
     */
    public Optional<String> renewalMustWait(UUID moduleId, ProvisioningWorker.Claim c) {
        Candidate found = QuarkusTransaction.requiringNew().call(() -> read(moduleId));
        if (found == null || found.module().minimalBalance == null) {
            return Optional.empty();
        }
        ProcessingModule module = found.module();
        ModuleBalance reading = balance(found, module.minimalBalance);
        if (reading == null || reading.balance == null || reading.balance.compareTo(module.minimalBalance) >= 0) {
            return Optional.empty();
        }
        return Optional.of("The upstream balance of processing module '" + module.name + "' is "
                + reading.balance.toPlainString() + " " + reading.currency + ", below its minimal balance "
                + module.minimalBalance.toPlainString() + "; the renewal waits until a balance reading is high enough"
                + (c.expiresBefore() == null ? "" : " (the service expires upstream on " + c.expiresBefore() + ")")
                + ", or until it is forced");
    }

    /** Carries out an order with candidates: see the class comment. */
    ProvisioningWorker.Outcome order(ProvisioningWorker.Claim c) {
        Map<UUID, ProvisioningRequest.Candidate> byModule = c.candidates().stream().collect(Collectors.toMap(
                ProvisioningRequest.Candidate::processingModuleId, Function.identity(), (a, b) -> a));
        // An earlier attempt may have sent it somewhere: that module answers first.
        for (UUID moduleId : c.routedModules()) {
            ProvisioningRequest.Candidate candidate = byModule.get(moduleId);
            Optional<UpstreamConnection> connection = connection(moduleId);
            if (candidate == null || connection.isEmpty()) {
                continue;
            }
            try {
                Optional<UpstreamService> found = client.findByNote(connection.get(),
                        c.routedTo(candidate).upstreamOrder());
                if (found.isPresent()) {
                    Log.infof("Order %s: found upstream through module %s as service %s", c.orderId(), moduleId,
                            found.get().id());
                    route(c, candidate);
                    return ProvisioningWorker.Outcome.ofOrdered(found.get());
                }
            } catch (UpstreamException e) {
                return ProvisioningWorker.Outcome.retry("The order may have been sent to processing module " + moduleId
                        + " before and cannot be looked up there now (" + e.getMessage() + "); not ordering elsewhere",
                        e.kind().name());
            }
        }
        List<String> passedOn = new ArrayList<>();
        boolean refusedForMoney = false;
        for (Candidate candidate : byPriority(byModule.keySet())) {
            ProcessingModule module = candidate.module();
            Optional<String> cannot = cannotTake(candidate, c.upstreamCost());
            if (cannot.isPresent()) {
                passedOn.add("'" + module.name + "': " + cannot.get());
                continue;
            }
            ProvisioningWorker.Claim routed = c.routedTo(byModule.get(module.id));
            UpstreamConnection connection;
            try {
                connection = connections.of(module);
            } catch (RuntimeException e) {
                passedOn.add("'" + module.name + "': its stored credentials cannot be opened");
                continue;
            }
            try {
                UpstreamService service = client.order(connection, routed.upstreamOrder(),
                        new ChangeGuard(false, () -> route(c, byModule.get(module.id))));
                Log.infof("Order %s: ordered through module '%s' (sort %d)", c.orderId(), module.name, module.sort);
                return ProvisioningWorker.Outcome.ofOrdered(service);
            } catch (UpstreamException e) {
                if (!nothingOrdered(e)) {
                    // It may have reached this module: stay with it (the worker's retry looks there by note first).
                    return e.transientFailure() ? ProvisioningWorker.Outcome.retry(e.getMessage(), e.kind().name())
                            : ProvisioningWorker.Outcome.failed(ProvisioningWorker.reason(e), e.kind().name());
                }
                unroute(c, module.id);
                refusedForMoney |= e.kind() == UpstreamFailureKind.INSUFFICIENT_BALANCE;
                passedOn.add("'" + module.name + "': " + ProvisioningWorker.reason(e));
                Log.infof("Order %s: module '%s' did not take it (%s); trying the next", c.orderId(), module.name,
                        e.kind());
                if (e.kind() == UpstreamFailureKind.INSUFFICIENT_BALANCE) {
                    refreshQuietly(module.id);
                }
            } catch (IllegalArgumentException e) {
                return ProvisioningWorker.Outcome.failed(e.getMessage(), UpstreamFailureKind.VALIDATION.name());
            }
        }
        String reason = "No processing module could take the order now: " + (passedOn.isEmpty()
                ? "none of its modules exists" : String.join("; ", passedOn));
        return ProvisioningWorker.Outcome.retry(reason, refusedForMoney
                ? UpstreamFailureKind.INSUFFICIENT_BALANCE.name() : ProvisioningWorker.NO_MODULE_AVAILABLE);
    }

    /** A refusal that says for certain nothing was ordered: the next module may take the order. */
    static boolean nothingOrdered(UpstreamException e) {
        return e.kind() == UpstreamFailureKind.INSUFFICIENT_BALANCE || e.kind() == UpstreamFailureKind.PLAN_UNAVAILABLE
                || (e.transientFailure() && !e.outcomeUnknown());
    }

    /** A module with its last balance reading (null when it was never read), as read in one transaction. */
    private record Candidate(ProcessingModule module, ModuleBalance reading) {
    }

    /**
     * The candidates' modules that exist with their balance readings, by sort, then name (then id, so the order is
     * total): one transaction of lookups by id (an {@code IN} list is translated anew by Hibernate every time).
     */
    private List<Candidate> byPriority(Collection<UUID> moduleIds) {
        List<Candidate> found = QuarkusTransaction.requiringNew().call(() -> moduleIds.stream()
                .map(this::read).filter(Objects::nonNull).toList());
        return found.stream().sorted(Comparator.<Candidate>comparingInt(m -> m.module().sort)
                .thenComparing(m -> m.module().name).thenComparing(m -> m.module().id)).toList();
    }

    /** The module and its balance reading, in the caller's transaction; null when there is no such module. */
    private Candidate read(UUID moduleId) {
        ProcessingModule module = modules.findById(moduleId);
        return module == null ? null : new Candidate(module, ModuleBalance.findById(moduleId));
    }

    /** Why the module cannot take an order costing {@code cost} now, or empty. */
    private Optional<String> cannotTake(Candidate candidate, BigDecimal cost) {
        ProcessingModule module = candidate.module();
        if (module.isDeleted()) {
            return Optional.of("deleted");
        }
        if ("OPEN".equals(client.circuitState(module.integrationUrl, module.integrationUsername))) {
            return Optional.of("its upstream's circuit breaker is open");
        }
        BigDecimal needed = (module.minimalBalance == null ? BigDecimal.ZERO : module.minimalBalance)
                .add(cost == null ? BigDecimal.ZERO : cost);
        ModuleBalance reading = balance(candidate, needed);
        if (reading == null || reading.balance == null) {
            return Optional.of("its balance is unknown" + (reading == null || reading.error == null ? ""
                    : " (" + reading.error + ")"));
        }
        if (reading.balance.compareTo(needed) < 0) {
            return Optional.of("balance " + reading.balance.toPlainString() + " is below its minimal balance plus the"
                    + " order's cost (" + needed.toPlainString() + ")");
        }
        return Optional.empty();
    }

    /**
     * The module's last balance reading; read upstream again when it is older than the balance-watch interval or
     * below {@code needed} (a module is passed over on a fresh reading only). Recording it alerts the department
     * when the balance crossed its minimum, and a reading high enough releases the module's waiting renewals.
     */
    private ModuleBalance balance(Candidate candidate, BigDecimal needed) {
        ProcessingModule module = candidate.module();
        ModuleBalance reading = candidate.reading();
        Instant staleBefore = Instant.now(clock).minus(moduleConfig.balanceWatch().interval());
        boolean fresh = reading != null && reading.checkedAt != null && reading.checkedAt.isAfter(staleBefore);
        if (fresh && reading.balance != null && reading.balance.compareTo(needed) >= 0) {
            return reading;
        }
        try {
            return balances.check(module.id);
        } catch (RuntimeException e) {
            Log.warnf("Balance of module %s could not be read for routing: %s", module.id, e.getMessage());
            return reading;
        }
    }

    private void refreshQuietly(UUID moduleId) {
        try {
            balances.check(moduleId);
        } catch (RuntimeException e) {
            Log.debugf("Balance of module %s could not be read after a money refusal: %s", moduleId, e.getMessage());
        }
    }

    private Optional<UpstreamConnection> connection(UUID moduleId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> connections.of(moduleId));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Right before the order call, in one fenced statement: the claim is still this worker's (its lease extended),
     * the action names the module it is sent to, and that module joins those that may hold it.
     */
    void route(ProvisioningWorker.Claim c, ProvisioningRequest.Candidate to) {
        Instant now = Instant.now(clock);
        int routed = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                UPDATE provisioning_action SET next_attempt_at = ?1, updated_at = ?2, processing_module_id = ?5,
                       upstream_tariff_id = ?6,
                       routed_modules = CASE WHEN ?5 = ANY(routed_modules) THEN routed_modules
                                             ELSE array_append(routed_modules, ?5) END
                WHERE action_id = ?3 AND claim = ?4 AND status = 'RUNNING'""")
                .setParameter(1, now.plus(config.lease())).setParameter(2, now).setParameter(3, c.actionId())
                .setParameter(4, c.claim()).setParameter(5, to.processingModuleId())
                .setParameter(6, to.upstreamTariffId()).executeUpdate());
        if (routed != 1) {
            throw new ProvisioningWorker.ClaimLostException(c);
        }
    }

    /** The module refused for certain: it holds nothing of this order. */
    private void unroute(ProvisioningWorker.Claim c, UUID moduleId) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                UPDATE provisioning_action SET routed_modules = array_remove(routed_modules, ?3)
                WHERE action_id = ?1 AND claim = ?2""")
                .setParameter(1, c.actionId()).setParameter(2, c.claim()).setParameter(3, moduleId).executeUpdate());
    }
}
