package io.resellhub.tariff.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.tariff.client.ModuleServiceClient;
import io.resellhub.tariff.client.UpstreamPlan;
import io.resellhub.tariff.config.TariffServiceConfig;
import io.resellhub.tariff.domain.ImportJob;
import io.resellhub.tariff.domain.ServingModule;
import io.resellhub.tariff.domain.Tariff;
import io.resellhub.tariff.domain.TariffPrice;
import io.resellhub.tariff.domain.TariffStatus;
import io.resellhub.tariff.domain.TariffStore;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.tariff.messaging.TariffEvents;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs one import or cost-sync job: one upstream fetch (outside any transaction), then batches of
 * plans, each batch in its own short transaction that locks the batch's existing tariffs, writes new
 * ones and upstream changes in JDBC batches, their events in one outbox batch, and the job's progress
 * and heartbeat. Idempotent by (processing module, upstream plan id): re-running a job never duplicates.
 */
@ApplicationScoped
public class ImportEngine {

    static final int NAME_MAX = 200;

    private final ModuleServiceClient modules;
    private final TariffStore store;
    private final Outbox outbox;
    private final ImportJobs jobs;
    private final TariffServiceConfig config;
    private final Clock clock;

    public ImportEngine(ModuleServiceClient modules, TariffStore store, Outbox outbox, ImportJobs jobs,
            TariffServiceConfig config, Clock clock) {
        this.modules = modules;
        this.store = store;
        this.outbox = outbox;
        this.jobs = jobs;
        this.config = config;
        this.clock = clock;
    }

    /** Plans the job works on, fetched once. */
    List<UpstreamPlan> fetch(UUID moduleId, String productType) {
        return modules.upstreamPlans(moduleId, productType)
                .orElseThrow(() -> ProblemException.notFound("Processing module", moduleId));
    }

    /** What importing one plan does to the catalog; the job and the dry run both decide through {@link #diff}. */
    enum Outcome { CREATED, UPDATED, UNCHANGED, FAILED }

    /**
     * The outcome for one plan: the tariff as it would be (new, or the existing one changed in place), the
     * event type to announce, the warnings to report, why it failed, and the upstream costs that moved.
     */
    record PlanDiff(Outcome outcome, Tariff tariff, String eventType, List<String> warnings, String failure,
            List<CostChange> costChanges) {
    }

    /** One period's upstream cost before and after ({@code oldCost} null for a period new upstream). */
    public record CostChange(String upstreamId, UUID tariffId, int period, BigDecimal oldCost, BigDecimal newCost,
            String currency) {
    }

    /**
     * Which plans a job works on: the chosen ones the upstream offers (or, with none chosen, every plan of
     * an import and every imported plan of a sync), the chosen ids the upstream does not offer, and the
     * tariffs (upstream id → tariff id) whose plan vanished upstream, flagged by a full import or a sync.
     */
    record Scope(List<UpstreamPlan> work, List<String> notOffered, Map<String, UUID> vanished) {
    }

    static Scope scope(Map<String, UpstreamPlan> upstream, List<String> chosen, boolean sync,
            Map<String, UUID> present, Supplier<Set<String>> imported) {
        List<UpstreamPlan> work = new ArrayList<>();
        List<String> notOffered = new ArrayList<>();
        if (chosen != null) {
            for (String id : new LinkedHashSet<>(chosen)) {
                UpstreamPlan plan = upstream.get(id);
                if (plan == null) {
                    notOffered.add(id);
                } else {
                    work.add(plan);
                }
            }
        } else if (sync) {
            // A sync refreshes what was imported (flagged-removed plans that came back included) and creates nothing.
            Set<String> ids = imported.get();
            upstream.values().stream().filter(p -> ids.contains(p.upstreamId())).forEach(work::add);
        } else {
            work.addAll(upstream.values());
        }
        Map<String, UUID> vanished = new LinkedHashMap<>();
        if (chosen == null) {
            present.forEach((upstreamId, tariffId) -> {
                if (!upstream.containsKey(upstreamId)) {
                    vanished.put(upstreamId, tariffId);
                }
            });
        }
        return new Scope(work, notOffered, vanished);
    }

    static String notOffered(String upstreamId, String productType) {
        return "the upstream does not offer plan " + upstreamId + " for " + productType;
    }

    void run(ImportJob job, String owner, Progress progress) {
        long started = System.nanoTime();
        boolean sync = ImportJob.SYNC.equals(job.kind);
        List<UpstreamPlan> plans = fetch(job.processingModuleId, job.productType);
        Map<String, UpstreamPlan> upstream = byUpstreamId(plans, progress);
        Map<String, UUID> present = QuarkusTransaction.requiringNew()
                .call(() -> store.presentUpstreamIds(job.processingModuleId));
        Scope scope = scope(upstream, jobs.upstreamIds(job), sync, present, () -> QuarkusTransaction.requiringNew()
                .call(() -> store.importedUpstreamIds(job.processingModuleId)));
        for (String id : scope.notOffered()) {
            progress.failed++;
            progress.processed++;
            progress.report(id, null, notOffered(id, job.productType));
        }
        List<UpstreamPlan> work = scope.work();
        List<UUID> vanished = new ArrayList<>(scope.vanished().values());
        progress.total = work.size() + progress.failed + vanished.size();
        Log.infof("Tariff %s %s: module %s, %s, %d upstream plan(s), %d to process, %d vanished upstream", job.kind,
                job.id, job.processingModuleId, job.productType, plans.size(), work.size(), vanished.size());

        int batchSize = Math.max(1, config.imports().batchSize());
        for (int from = 0; from < work.size(); from += batchSize) {
            List<UpstreamPlan> batch = work.subList(from, Math.min(work.size(), from + batchSize));
            QuarkusTransaction.requiringNew().run(() -> {
                applyBatch(job, batch, !sync, progress);
                jobs.saveProgress(job.id, owner, progress);
            });
            Log.infof("Tariff %s %s: %d/%d processed (%d created, %d updated, %d unchanged, %d failed)", job.kind,
                    job.id, progress.processed, progress.total, progress.created, progress.updated,
                    progress.unchanged, progress.failed);
        }
        for (int from = 0; from < vanished.size(); from += batchSize) {
            List<UUID> batch = vanished.subList(from, Math.min(vanished.size(), from + batchSize));
            QuarkusTransaction.requiringNew().run(() -> {
                flagRemoved(batch, progress);
                jobs.saveProgress(job.id, owner, progress);
            });
            Log.infof("Tariff %s %s: %d tariff(s) flagged as removed upstream", job.kind, job.id, progress.removed);
        }
        jobs.finish(job.id, owner, progress, ImportJob.SUCCEEDED, null);
        Log.infof("Tariff %s %s succeeded in %d ms: %d processed, %d created, %d updated, %d unchanged, %d removed,"
                + " %d failed", job.kind, job.id, (System.nanoTime() - started) / 1_000_000, progress.processed,
                progress.created, progress.updated, progress.unchanged, progress.removed, progress.failed);
    }

    private void applyBatch(ImportJob job, List<UpstreamPlan> batch, boolean create, Progress progress) {
        Instant now = Instant.now(clock);
        List<String> ids = batch.stream().map(UpstreamPlan::upstreamId).toList();
        Map<String, Tariff> existing = store.load(job.processingModuleId, ids, true);
        List<Tariff> inserts = new ArrayList<>();
        List<PlanDiff> updates = new ArrayList<>();
        for (UpstreamPlan plan : batch) {
            progress.processed++;
            Tariff before = existing.get(plan.upstreamId());
            String tariffId = before == null ? null : before.id.toString();
            PlanDiff diff = diff(before, plan, job.processingModuleId, job.productType, job.provider, create);
            diff.warnings().forEach(w -> progress.report(plan.upstreamId(), tariffId, w));
            switch (diff.outcome()) {
                case FAILED -> {
                    progress.failed++;
                    progress.report(plan.upstreamId(), tariffId, diff.failure());
                }
                case UNCHANGED -> progress.unchanged++;
                case CREATED -> {
                    inserts.add(diff.tariff());
                    progress.created++;
                }
                case UPDATED -> {
                    updates.add(diff);
                    progress.updated++;
                }
            }
        }
        store.insert(inserts, now);
        store.updateImportedState(updates.stream().map(PlanDiff::tariff).toList(), now);
        List<Outbox.Pending> events = new ArrayList<>();
        inserts.forEach(t -> events.add(new Outbox.Pending(TariffEvents.IMPORTED, t.id.toString(), TariffEvents.of(t))));
        updates.forEach(d -> events.add(new Outbox.Pending(d.eventType(), d.tariff().id.toString(),
                TariffEvents.of(d.tariff()))));
        outbox.publishAll(TariffEvents.TOPIC, events);
    }

    /**
     * Decides what one upstream plan does to its tariff ({@code existing}, null when not imported yet, is
     * changed in place): creates it (when {@code create}), applies the upstream's facts to it (never the
     * reseller's name or amounts), or fails it with the reason. The only diff: the job and the dry run call it.
     */
    static PlanDiff diff(Tariff existing, UpstreamPlan plan, UUID moduleId, String productType, String provider,
            boolean create) {
        PlanPrices prices = PlanPrices.of(plan);
        if (prices.failure() != null) {
            return new PlanDiff(Outcome.FAILED, existing, null, prices.warnings(), prices.failure() + "; not imported",
                    List.of());
        }
        if (existing != null) {
            // A tariff served by further modules costs, per period, the highest of their costs and this plan's.
            prices.costs().replaceAll((period, cost) -> ServingModule.highest(cost, existing.servingModules, period));
        }
        if (existing == null) {
            if (!create) {
                return new PlanDiff(Outcome.UNCHANGED, null, null, prices.warnings(), null, List.of());
            }
            return new PlanDiff(Outcome.CREATED, newTariff(moduleId, productType, provider, plan, prices),
                    TariffEvents.IMPORTED, prices.warnings(), null, List.of());
        }
        if (!existing.currency.equals(plan.currency())) {
            return new PlanDiff(Outcome.FAILED, existing, null, prices.warnings(), "the upstream currency changed from "
                    + existing.currency + " to " + plan.currency() + "; the tariff was left as it is", List.of());
        }
        List<CostChange> costChanges = new ArrayList<>();
        boolean upstreamChanged = applyUpstream(existing, plan, prices, costChanges);
        // The provider is what this import says (a sync says nothing); the reseller's name and prices stay.
        boolean providerChanged = provider != null && !provider.equals(existing.provider);
        if (providerChanged) {
            existing.provider = provider;
        }
        if (!upstreamChanged && !providerChanged) {
            return new PlanDiff(Outcome.UNCHANGED, existing, null, prices.warnings(), null, costChanges);
        }
        return new PlanDiff(Outcome.UPDATED, existing, upstreamChanged ? TariffEvents.UPSTREAM_CHANGED
                : TariffEvents.UPDATED, prices.warnings(), null, costChanges);
    }

    private void flagRemoved(List<UUID> tariffIds, Progress progress) {
        Instant now = Instant.now(clock);
        List<Tariff> rows = store.lockByIds(tariffIds);
        List<Tariff> updates = new ArrayList<>();
        for (Tariff row : rows) {
            progress.processed++;
            if (row.upstreamRemoved) {
                progress.unchanged++;
                continue;
            }
            row.upstreamRemoved = true;
            updates.add(row);
            progress.removed++;
            progress.report(row.upstreamTariffId, row.id.toString(), "no longer offered upstream: flagged upstreamRemoved");
        }
        store.updateImportedState(updates, now);
        outbox.publishAll(TariffEvents.TOPIC, updates.stream().map(row -> new Outbox.Pending(
                TariffEvents.UPSTREAM_CHANGED, row.id.toString(), TariffEvents.of(row))).toList());
    }

    private static Tariff newTariff(UUID moduleId, String productType, String provider, UpstreamPlan plan,
            PlanPrices prices) {
        Tariff tariff = new Tariff();
        tariff.id = UUID.randomUUID();
        tariff.processingModuleId = moduleId;
        tariff.upstreamTariffId = plan.upstreamId();
        tariff.productType = productType;
        tariff.upstreamName = truncate(plan.name(), 500);
        tariff.name = displayName(plan);
        tariff.provider = provider;
        tariff.currency = plan.currency();
        tariff.upstreamAvailable = plan.isAvailable();
        tariff.status = TariffStatus.DISABLED.code();
        prices.costs().forEach((period, cost) -> tariff.prices.add(new TariffPrice(period, cost, cost)));
        tariff.refreshBelowCost();
        return tariff;
    }

    /**
     * Applies upstream facts to an existing tariff, noting each moved cost; returns whether anything changed.
     * Never touches the name or the amounts of periods it already sells.
     */
    static boolean applyUpstream(Tariff tariff, UpstreamPlan plan, PlanPrices prices, List<CostChange> costChanges) {
        boolean changed = false;
        String upstreamName = truncate(plan.name(), 500);
        if (!Objects.equals(tariff.upstreamName, upstreamName)) {
            tariff.upstreamName = upstreamName;
            changed = true;
        }
        if (tariff.upstreamAvailable != plan.isAvailable()) {
            tariff.upstreamAvailable = plan.isAvailable();
            changed = true;
        }
        if (tariff.upstreamRemoved) {
            tariff.upstreamRemoved = false;
            changed = true;
        }
        for (Map.Entry<Integer, BigDecimal> cost : prices.costs().entrySet()) {
            TariffPrice price = tariff.price(cost.getKey());
            if (price == null) {
                tariff.addPrice(new TariffPrice(cost.getKey(), cost.getValue(), cost.getValue()));
                costChanges.add(new CostChange(tariff.upstreamTariffId, tariff.id, cost.getKey(), null, cost.getValue(),
                        tariff.currency));
                changed = true;
            } else if (price.upstreamCost == null || price.upstreamCost.compareTo(cost.getValue()) != 0) {
                costChanges.add(new CostChange(tariff.upstreamTariffId, tariff.id, cost.getKey(), price.upstreamCost,
                        cost.getValue(), tariff.currency));
                price.upstreamCost = cost.getValue();
                changed = true;
            }
        }
        for (TariffPrice price : tariff.prices) {
            if (!prices.costs().containsKey(price.period) && price.upstreamCost != null) {
                price.upstreamCost = null;
                changed = true;
            }
        }
        return tariff.refreshBelowCost() || changed;
    }

    static Map<String, UpstreamPlan> byUpstreamId(List<UpstreamPlan> plans, Progress progress) {
        Map<String, UpstreamPlan> byId = new LinkedHashMap<>();
        Set<String> duplicates = new HashSet<>();
        for (UpstreamPlan plan : plans) {
            if (plan == null || plan.upstreamId() == null) {
                continue;
            }
            if (byId.putIfAbsent(plan.upstreamId(), plan) != null && duplicates.add(plan.upstreamId()) && progress != null) {
                progress.report(plan.upstreamId(), null, "listed twice upstream; the first listing is used");
            }
        }
        return byId;
    }

    static String displayName(UpstreamPlan plan) {
        String name = plan.name() == null || plan.name().isBlank() ? "Plan " + plan.upstreamId() : plan.name().strip();
        return truncate(name, NAME_MAX);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
