package io.resellhub.reselling.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.api.ResellingDtos.Result;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.reselling.client.CurrentTariff;
import io.resellhub.reselling.client.TariffServiceClient;
import io.resellhub.reselling.messaging.TariffResellingEvents.TariffResellingData;
import io.resellhub.reselling.repository.TariffStore.TariffFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import io.resellhub.reselling.repository.CatalogRepository;
import io.resellhub.reselling.repository.TariffStore;
import io.resellhub.reselling.messaging.TariffResellingEvents;

/**
 * Enabling and disabling tariffs for sale, one or many at a time: each id succeeds or fails on its own,
 * the changed ones are announced through the outbox and the catalog follows in the same transaction.
 */
@ApplicationScoped
public class TariffResellingService {

    private final TariffStore store;
    private final CatalogRepository catalog;
    private final Outbox outbox;
    private final Clock clock;
    private final TariffServiceClient tariffService;

    public TariffResellingService(TariffStore store, CatalogRepository catalog, Outbox outbox, Clock clock,
            TariffServiceClient tariffService) {
        this.store = store;
        this.catalog = catalog;
        this.outbox = outbox;
        this.clock = clock;
        this.tariffService = tariffService;
    }

    /**
     * Enables what may be sold; enabling an enabled tariff succeeds and announces nothing. Decides on
     * tariff-service's current state, asked once for all ids before the transaction (this read model may lag
     * a change committed there a moment before): unknown there is 404, removed, unavailable or below cost
     * there is refused. A caller that names the version it decided on is refused (409 stale-version) when
     * tariff-service's current version differs. tariff-service unreachable: nothing is enabled (503).
     */
    public List<Result> enable(List<UUID> requested, boolean allowBelowCost, Map<UUID, Long> expectedVersions) {
        Set<UUID> ids = new LinkedHashSet<>(requested);
        Map<UUID, CurrentTariff> current = tariffService.current(ids);
        return QuarkusTransaction.requiringNew().call(() -> enable(ids, current, allowBelowCost, expectedVersions));
    }

    private List<Result> enable(Set<UUID> ids, Map<UUID, CurrentTariff> current, boolean allowBelowCost,
            Map<UUID, Long> expectedVersions) {
        Map<UUID, TariffFacts> facts = store.factsForUpdate(ids);
        List<Result> results = new ArrayList<>(ids.size());
        List<UUID> allowed = new ArrayList<>();
        for (UUID id : ids) {
            Result refusal = refusal(id, facts.get(id), current.get(id), allowBelowCost, expectedVersions.get(id));
            if (refusal != null) {
                results.add(refusal);
            } else {
                allowed.add(id);
                results.add(Result.ok(id, "enabled"));
            }
        }
        List<UUID> changed = store.setEnabled(allowed, true, null, allowBelowCost, Instant.now(clock));
        announce(TariffResellingEvents.ENABLED, changed, facts, allowBelowCost);
        catalog.refresh(changed);
        Log.infof("Enable of %d tariff(s): %d enabled now, %d already enabled, %d refused", ids.size(), changed.size(),
                allowed.size() - changed.size(), ids.size() - allowed.size());
        return results;
    }

    /** Disables known tariffs whatever their upstream state; disabling a disabled tariff succeeds and announces nothing. */
    @Transactional
    public List<Result> disable(List<UUID> requested) {
        Set<UUID> ids = new LinkedHashSet<>(requested);
        Map<UUID, TariffFacts> facts = store.factsForUpdate(ids);
        List<Result> results = new ArrayList<>(ids.size());
        List<UUID> known = new ArrayList<>();
        for (UUID id : ids) {
            if (facts.containsKey(id)) {
                known.add(id);
                results.add(Result.ok(id, "disabled"));
            } else {
                results.add(notFound(id));
            }
        }
        List<UUID> changed = store.setEnabled(known, false, null, false, Instant.now(clock));
        announce(TariffResellingEvents.DISABLED, changed, facts, false);
        catalog.refresh(changed);
        Log.infof("Disable of %d tariff(s): %d disabled now, %d unknown", ids.size(), changed.size(),
                ids.size() - known.size());
        return results;
    }

    /**
     * Takes tariffs off sale because of something upstream, on the caller's transaction (an event consumer's),
     * with the reason shown as their disabledReason (the catalog's {@code offSaleReasons} says which applies).
     * Announces each one that was enabled; module-service alerts its department.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> disableAutomatically(Collection<UUID> ids, String reason) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> changed = store.setEnabled(ids, false, reason, false, Instant.now(clock));
        if (!changed.isEmpty()) {
            Map<UUID, String[]> moduleAndType = store.moduleAndType(changed);
            Map<UUID, Long> versions = store.resellingVersions(changed);
            outbox.publishAll(TariffResellingEvents.TOPIC, changed.stream().map(id -> {
                String[] mt = moduleAndType.get(id);
                return new Outbox.Pending(TariffResellingEvents.DISABLED, id.toString(),
                        new TariffResellingData(id.toString(), mt[0], mt[1], versions.get(id), reason, false));
            }).toList());
            Log.infof("Disabled %d tariff(s) automatically: %s (%s)", changed.size(), changed, reason);
        }
        catalog.refresh(ids);
        return changed;
    }

    /** A deleted module sells nothing: its enabled tariffs are disabled. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onModuleDeleted(UUID moduleId) {
        disableAutomatically(store.enabledOfModule(moduleId), TariffResellingEvents.MODULE_DELETED);
    }

    /**
     * Why {@code id} may not be enabled, or null: {@code tariff} is this service's read model (enabled here,
     * module deleted), {@code now} tariff-service's current state (the upstream flags and the margin guard).
     */
    private static Result refusal(UUID id, TariffFacts tariff, CurrentTariff now, boolean allowBelowCost,
            Long expectedVersion) {
        if (now == null) {
            return notFound(id);
        }
        if (expectedVersion != null && expectedVersion != now.version() && (tariff == null || !tariff.enabled())) {
            // The caller decided on a state that is not the current one.
            return Result.failed(id, "stale-version", "Stale version", 409, "Tariff " + id + " is at version "
                    + now.version() + ", the request was based on version " + expectedVersion
                    + "; reload it and decide again");
        }
        if (tariff == null) {
            return Result.failed(id, "stale-version", "Stale version", 409, "Tariff " + id
                    + " was created a moment ago and is still on its way here: try again in a second");
        }
        if (tariff.enabled()) {
            return null;
        }
        if (now.upstreamRemoved()) {
            return Result.failed(id, "upstream-removed", "Conflict", 409,
                    "Tariff " + id + " no longer exists upstream and cannot be enabled");
        }
        if (tariff.moduleDeleted()) {
            return Result.failed(id, "module-deleted", "Conflict", 409, "Tariff " + id + " belongs to processing module "
                    + tariff.processingModuleId() + ", which was deleted");
        }
        if (!now.upstreamAvailable()) {
            return Result.failed(id, "upstream-unavailable", "Conflict", 409,
                    "Tariff " + id + " cannot be ordered upstream now and cannot be enabled");
        }
        if (now.belowCost() && !allowBelowCost) {
            return Result.failed(id, "below-cost", "Conflict", 409, "Tariff " + id
                    + " sells below its upstream cost; raise its price or send \"allowBelowCost\": true");
        }
        return null;
    }

    private static Result notFound(UUID id) {
        return Result.failed(id, "not-found", "Not found", 404, "Tariff " + id + " does not exist");
    }

    private void announce(String type, List<UUID> changed, Map<UUID, TariffFacts> facts, boolean allowBelowCost) {
        Map<UUID, Long> versions = store.resellingVersions(changed);
        outbox.publishAll(TariffResellingEvents.TOPIC, changed.stream().map(id -> {
            TariffFacts tariff = facts.get(id);
            return new Outbox.Pending(type, id.toString(), new TariffResellingData(id.toString(),
                    tariff.processingModuleId().toString(), tariff.productType(), versions.get(id), null,
                    allowBelowCost));
        }).toList());
    }
}
