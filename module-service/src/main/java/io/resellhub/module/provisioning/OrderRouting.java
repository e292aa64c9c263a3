package io.resellhub.module.provisioning;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.module.config.ModuleServiceConfig;
import io.resellhub.module.domain.ModuleBalance;
import io.resellhub.module.domain.ProcessingModule;
import io.resellhub.module.service.BalanceWatch;
import io.resellhub.module.service.ModuleConnections;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.ChangeGuard;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamException;
import io.resellhub.module.upstream.UpstreamFailureKind;
import io.resellhub.module.upstream.UpstreamService;
import jakarta.enterprise.context.ApplicationScoped;

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

    private final ModuleConnections connections;
    private final BillmanagerClient client;
    private final BalanceWatch balances;
    private final ModuleServiceConfig moduleConfig;
    private final ProvisioningConfig config;
    private final PlainStatements statements;
    private final Clock clock;

    public OrderRouting(ModuleConnections connections, BillmanagerClient client,
            BalanceWatch balances, ModuleServiceConfig moduleConfig, ProvisioningConfig config,
            PlainStatements statements, Clock clock) {
        this.connections = connections;
        this.client = client;
        this.balances = balances;
        this.moduleConfig = moduleConfig;
        this.config = config;
        this.statements = statements;
        this.clock = clock;
    }

    /**
     * Why a renewal through this module must wait (its balance is below its minimal balance), or empty when it may
     * go upstream. A module without a minimal balance, or whose balance cannot be read, never holds one back.
     */
    public Optional<String> renewalMustWait(UUID moduleId, ProvisioningWorker.Claim c) {
        Candidate found = read(List.of(moduleId)).stream().findFirst().orElse(null);
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

    /** The candidates' modules that exist with their balance readings, by sort, then name (then id: a total order). */
    private List<Candidate> byPriority(Collection<UUID> moduleIds) {
        return read(moduleIds).stream().sorted(Comparator.<Candidate>comparingInt(m -> m.module().sort)
                .thenComparing(m -> m.module().name).thenComparing(m -> m.module().id)).toList();
    }

    /**
     * Those of the modules that exist, each with its last balance reading (null when never read), in one prepared
     * statement: every order asks, and two finds by id through Hibernate were a tenth of the service's CPU per
     * order. The modules carry only what routing reads (name, sort, minimal balance, upstream and credentials,
     * deletion); they are never written back.
     */
    private List<Candidate> read(Collection<UUID> moduleIds) {
        return statements.inNewTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT m.id, m.name, m.sort, m.minimal_balance, m.currency, m.integration_url,
                           m.integration_username, m.password_ciphertext, m.password_key_id, m.deleted_at,
                           b.module_id, b.balance, b.currency, b.below_minimum, b.checked_at, b.error
                    FROM processing_module m LEFT JOIN module_balance b ON b.module_id = m.id
                    WHERE m.id = ANY(?)""")) {
                select.setArray(1, connection.createArrayOf("uuid", moduleIds.toArray()));
                List<Candidate> found = new ArrayList<>(moduleIds.size());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(new Candidate(module(row), balance(row)));
                    }
                }
                return found;
            }
        });
    }

    private static ProcessingModule module(ResultSet row) throws SQLException {
        ProcessingModule module = new ProcessingModule();
        module.id = row.getObject(1, UUID.class);
        module.name = row.getString(2);
        module.sort = row.getInt(3);
        module.minimalBalance = row.getBigDecimal(4);
        module.currency = row.getString(5);
        module.integrationUrl = row.getString(6);
        module.integrationUsername = row.getString(7);
        module.passwordCiphertext = row.getBytes(8);
        module.passwordKeyId = row.getString(9);
        module.deletedAt = instant(row, 10);
        return module;
    }

    private static ModuleBalance balance(ResultSet row) throws SQLException {
        UUID moduleId = row.getObject(11, UUID.class);
        if (moduleId == null) {
            return null;
        }
        ModuleBalance reading = new ModuleBalance();
        reading.moduleId = moduleId;
        reading.balance = row.getBigDecimal(12);
        reading.currency = row.getString(13);
        reading.belowMinimum = row.getBoolean(14);
        reading.checkedAt = instant(row, 15);
        reading.error = row.getString(16);
        return reading;
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
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
        UUID moduleId = to.processingModuleId();
        int routed = statements.update("""
                UPDATE provisioning_action SET next_attempt_at = ?, updated_at = ?, processing_module_id = ?,
                       upstream_tariff_id = ?,
                       routed_modules = CASE WHEN CAST(? AS uuid) = ANY(routed_modules) THEN routed_modules
                                             ELSE array_append(routed_modules, CAST(? AS uuid)) END
                WHERE action_id = ? AND claim = ? AND status = 'RUNNING'""",
                now.plus(config.lease()), now, moduleId, to.upstreamTariffId(), moduleId, moduleId, c.actionId(),
                c.claim());
        if (routed != 1) {
            throw new ProvisioningWorker.ClaimLostException(c);
        }
    }

    /** The module refused for certain: it holds nothing of this order. */
    private void unroute(ProvisioningWorker.Claim c, UUID moduleId) {
        statements.update("""
                UPDATE provisioning_action SET routed_modules = array_remove(routed_modules, CAST(? AS uuid))
                WHERE action_id = ? AND claim = ?""", moduleId, c.actionId(), c.claim());
    }
}
