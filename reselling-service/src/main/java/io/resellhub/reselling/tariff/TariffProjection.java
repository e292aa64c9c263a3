package io.resellhub.reselling.tariff;

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
import io.resellhub.reselling.tariff.TariffStore.ProjectedTariff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Keeps {@code tariff_view} in step with tariff-service, many events per transaction: idempotent
 * (processed-event guard, and the upsert is itself repeatable), and an older version never overwrites a
 * newer. A tariff that is removed or unavailable upstream is taken off sale in the same transaction
 * ({@code tariff.disabled}); the catalog rows of the others follow their new name and prices.
 */
@ApplicationScoped
public class TariffProjection {

    static final String CONSUMER = "reselling-service.tariffs";

    /** One decoded event: its id (for the processed-event guard) and the tariff as it now is. */
    public record Change(UUID eventId, ProjectedTariff tariff) {
    }

    private final ProcessedEvents processed;
    private final TariffStore store;
    private final TariffResellingService reselling;
    private final Clock clock;

    public TariffProjection(ProcessedEvents processed, TariffStore store, TariffResellingService reselling,
            Clock clock) {
        this.processed = processed;
        this.store = store;
        this.reselling = reselling;
        this.clock = clock;
    }

    /** Applies the changes in one transaction; a failed attempt rolls back whole and is retried in a new one. */
    @Retry(maxRetries = 5, delay = 500)
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
        Map<UUID, ProjectedTariff> newest = new LinkedHashMap<>();
        for (Change change : changes) {
            if (fresh.contains(change.eventId())) {
                newest.merge(change.tariff().id(), change.tariff(),
                        (kept, next) -> next.version() >= kept.version() ? next : kept);
            }
        }
        List<ProjectedTariff> written = store.upsertAll(newest.values(), Instant.now(clock));
        List<ProjectedTariff> offSale = new ArrayList<>();
        List<UUID> onSale = new ArrayList<>();
        for (ProjectedTariff t : written) {
            if (t.upstreamRemoved() || !t.upstreamAvailable()) {
                offSale.add(t);
            } else {
                onSale.add(t.id());
            }
        }
        // Only a version newer than the one the reselling state was decided on may take a tariff off sale: a
        // replay of old versions (a rebuild from the topic) never undoes the reseller's later enable.
        Set<UUID> newer = new HashSet<>(store.decidedOnOlderVersion(offSale));
        List<UUID> removed = new ArrayList<>();
        List<UUID> unavailable = new ArrayList<>();
        for (ProjectedTariff t : offSale) {
            if (newer.contains(t.id())) {
                (t.upstreamRemoved() ? removed : unavailable).add(t.id());
            } else {
                onSale.add(t.id());
            }
        }
        reselling.disableAutomatically(removed, "removed upstream");
        reselling.disableAutomatically(unavailable, "not available upstream");
        store.refreshCatalog(onSale);
        Log.debugf("Tariff events: %d received, %d new, %d tariff(s) written, %d older than the stored version",
                changes.size(), fresh.size(), written.size(), newest.size() - written.size());
    }
}
