package io.resellhub.reselling.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.resellhub.reselling.repository.TariffStore.ProjectedTariff;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.resellhub.reselling.repository.CatalogRepository;
import io.resellhub.reselling.repository.TariffStore;

/**
 * Keeps {@code tariff_view} in step with tariff-service, many events per transaction: idempotent
 * (processed-event guard, and the upsert is itself repeatable), and an older version never overwrites a
 * newer. A tariff that is removed or unavailable upstream, or now sells below cost without the reseller's
 * allowance, is taken off sale in the same transaction ({@code tariff.disabled} with its reason); the catalog
 * rows of the others follow their new name and prices.
 */
@ApplicationScoped
public class TariffProjection {

    public static final String CONSUMER = "reselling-service.tariffs";

    /**
     * One decoded event: its id (for the processed-event guard), the tariff as it now is, and whether it
     * announces the reseller's edit ({@code tariff.updated}), which decides the tariff's allowBelowCost.
     */
    public record Change(UUID eventId, ProjectedTariff tariff, boolean edit) {
    }

    private final ProcessedEvents processed;
    private final TariffStore store;
    private final CatalogRepository catalog;
    private final TariffResellingService reselling;
    private final Clock clock;

    public TariffProjection(ProcessedEvents processed, TariffStore store, CatalogRepository catalog,
            TariffResellingService reselling, Clock clock) {
        this.processed = processed;
        this.store = store;
        this.catalog = catalog;
        this.reselling = reselling;
        this.clock = clock;
    }

    /** Applies the changes in one transaction; a failed attempt rolls back whole and is retried in a new one. */
    // A valid event waits for the database (back-off up to 2 s) instead of going to the dead-letter topic.
    @Retry(maxRetries = -1, maxDuration = 0, delay = 200, jitter = 100)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    public void apply(List<Change> changes) {
        if (!changes.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> applyInTransaction(changes));
        }
    }

    private void applyInTransaction(List<Change> changes) {
        Set<UUID> eventIds = new LinkedHashSet<>();
        changes.forEach(change -> eventIds.add(change.eventId()));
        Set<UUID> fresh = processed.firstDeliveries(CONSUMER, eventIds);
        // The newest version of each tariff only: one upsert statement may touch a row once.
        Map<UUID, Change> newest = new LinkedHashMap<>();
        for (Change change : changes) {
            if (fresh.contains(change.eventId())) {
                newest.merge(change.tariff().id(), change,
                        (kept, next) -> next.tariff().version() >= kept.tariff().version() ? next : kept);
            }
        }
        List<ProjectedTariff> written = store.upsertAll(newest.values().stream().map(Change::tariff).toList(),
                Instant.now(clock));
        // An edit without allowBelowCost withdraws the allowance the tariff was enabled with.
        store.clearAllowBelowCost(written.stream().filter(t -> !t.allowBelowCost() && newest.get(t.id()).edit())
                .map(ProjectedTariff::id).toList());
        // Why a written tariff may not be sold now, as the catalog defines it (it reads the rows just written).
        Map<UUID, String> reasons = catalog.offSaleReasons(written.stream().map(ProjectedTariff::id).toList());
        // Only a version newer than the one the reselling state was decided on may take a tariff off sale: a
        // replay of old versions (a rebuild from the topic) never undoes the reseller's later enable.
        Set<UUID> newer = new HashSet<>(store.decidedOnOlderVersion(
                written.stream().filter(t -> reasons.containsKey(t.id())).toList()));
        List<UUID> onSale = new ArrayList<>();
        Map<String, List<UUID>> offSale = new LinkedHashMap<>();
        for (ProjectedTariff t : written) {
            if (newer.contains(t.id())) {
                offSale.computeIfAbsent(reasons.get(t.id()), reason -> new ArrayList<>()).add(t.id());
            } else {
                onSale.add(t.id());
            }
        }
        // Each with its reason; below cost is off sale at once (the margin guard).
        offSale.forEach((reason, ids) -> reselling.disableAutomatically(ids, reason));
        catalog.refresh(onSale);
        Log.debugf("Tariff events: %d received, %d new, %d tariff(s) written, %d older than the stored version",
                changes.size(), fresh.size(), written.size(), newest.size() - written.size());
    }
}
