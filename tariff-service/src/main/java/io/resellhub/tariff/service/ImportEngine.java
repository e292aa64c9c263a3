package io.resellhub.tariff.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.tariff.client.ModuleServiceClient;
import io.resellhub.tariff.client.UpstreamPlan;
import io.resellhub.tariff.config.TariffServiceConfig;
import io.resellhub.tariff.domain.ImportJob;
import io.resellhub.tariff.domain.TariffRow;
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

    void run(ImportJob job, String owner, Progress progress) {
        long started = System.nanoTime();
        boolean sync = ImportJob.SYNC.equals(job.kind);
        List<String> chosen = jobs.upstreamIds(job);
        List<UpstreamPlan> plans = fetch(job.processingModuleId, job.productType);
        Map<String, UpstreamPlan> upstream = byUpstreamId(plans, progress);
        Map<String, UUID> present = QuarkusTransaction.requiringNew()
                .call(() -> store.presentUpstreamIds(job.processingModuleId));

        List<UpstreamPlan> work = new ArrayList<>();
        if (chosen != null) {
            for (String id : new java.util.LinkedHashSet<>(chosen)) {
                UpstreamPlan plan = upstream.get(id);
                if (plan == null) {
                    progress.failed++;
                    progress.processed++;
                    progress.report(id, null, "the upstream does not offer plan " + id + " for " + job.productType);
                } else {
                    work.add(plan);
                }
            }
        } else if (sync) {
            // A sync refreshes what was imported (flagged-removed plans that came back included) and creates nothing.
            Set<String> imported = QuarkusTransaction.requiringNew()
                    .call(() -> store.importedUpstreamIds(job.processingModuleId));
            upstream.values().stream().filter(p -> imported.contains(p.upstreamId())).forEach(work::add);
        } else {
            work.addAll(upstream.values());
        }
        // Imported plans that vanished upstream are flagged by a full import and by a sync.
        List<UUID> vanished = new ArrayList<>();
        if (chosen == null) {
            present.forEach((upstreamId, tariffId) -> {
                if (!upstream.containsKey(upstreamId)) {
                    vanished.add(tariffId);
                }
            });
        }
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
        Map<String, TariffRow> existing = store.load(job.processingModuleId, ids, true);
        List<TariffRow> inserts = new ArrayList<>();
        List<TariffRow> updates = new ArrayList<>();
        List<Outbox.Pending> events = new ArrayList<>();
        for (UpstreamPlan plan : batch) {
            progress.processed++;
            PlanPrices prices = PlanPrices.of(plan);
            TariffRow row = existing.get(plan.upstreamId());
            String tariffId = row == null ? null : row.id.toString();
            prices.warnings().forEach(w -> progress.report(plan.upstreamId(), tariffId, w));
            if (prices.failure() != null) {
                progress.failed++;
                progress.report(plan.upstreamId(), tariffId, prices.failure() + "; not imported");
                continue;
            }
            if (row == null) {
                if (!create) {
                    progress.unchanged++;
                    continue;
                }
                row = newRow(job, plan, prices);
                inserts.add(row);
                events.add(new Outbox.Pending(TariffEvents.IMPORTED, row.id.toString(), TariffEvents.of(row)));
                progress.created++;
            } else if (!row.currency.equals(plan.currency())) {
                progress.failed++;
                progress.report(plan.upstreamId(), tariffId, "the upstream currency changed from " + row.currency
                        + " to " + plan.currency() + "; the tariff was left as it is");
            } else {
                boolean upstreamChanged = applyUpstream(row, plan, prices);
                // The provider is what this import says (a sync says nothing); the reseller's name and prices stay.
                boolean providerChanged = job.provider != null && !job.provider.equals(row.provider);
                if (providerChanged) {
                    row.provider = job.provider;
                }
                if (!upstreamChanged && !providerChanged) {
                    progress.unchanged++;
                    continue;
                }
                row.version++;
                updates.add(row);
                events.add(new Outbox.Pending(upstreamChanged ? TariffEvents.UPSTREAM_CHANGED : TariffEvents.UPDATED,
                        row.id.toString(), TariffEvents.of(row)));
                progress.updated++;
            }
        }
        store.insert(inserts, now);
        store.updateImportedState(updates, now);
        outbox.publishAll(TariffEvents.TOPIC, events);
    }

    private void flagRemoved(List<UUID> tariffIds, Progress progress) {
        Instant now = Instant.now(clock);
        List<TariffRow> rows = store.lockByIds(tariffIds);
        List<TariffRow> updates = new ArrayList<>();
        List<Outbox.Pending> events = new ArrayList<>();
        for (TariffRow row : rows) {
            progress.processed++;
            if (row.upstreamRemoved) {
                progress.unchanged++;
                continue;
            }
            row.upstreamRemoved = true;
            row.version++;
            updates.add(row);
            events.add(new Outbox.Pending(TariffEvents.UPSTREAM_CHANGED, row.id.toString(), TariffEvents.of(row)));
            progress.removed++;
            progress.report(row.upstreamTariffId, row.id.toString(), "no longer offered upstream: flagged upstreamRemoved");
        }
        store.updateImportedState(updates, now);
        outbox.publishAll(TariffEvents.TOPIC, events);
    }

    private TariffRow newRow(ImportJob job, UpstreamPlan plan, PlanPrices prices) {
        TariffRow row = new TariffRow();
        row.id = UUID.randomUUID();
        row.processingModuleId = job.processingModuleId;
        row.upstreamTariffId = plan.upstreamId();
        row.productType = job.productType;
        row.upstreamName = truncate(plan.name(), 500);
        row.name = displayName(plan);
        row.provider = job.provider;
        row.currency = plan.currency();
        row.upstreamAvailable = plan.isAvailable();
        prices.costs().forEach((period, cost) -> row.prices.put(period, new TariffRow.Price(cost, cost)));
        row.belowCost = false;
        return row;
    }

    /** Applies upstream facts to an existing tariff; returns whether anything changed. Never touches name or amounts. */
    static boolean applyUpstream(TariffRow row, UpstreamPlan plan, PlanPrices prices) {
        boolean changed = false;
        String upstreamName = truncate(plan.name(), 500);
        if (!Objects.equals(row.upstreamName, upstreamName)) {
            row.upstreamName = upstreamName;
            changed = true;
        }
        if (row.upstreamAvailable != plan.isAvailable()) {
            row.upstreamAvailable = plan.isAvailable();
            changed = true;
        }
        if (row.upstreamRemoved) {
            row.upstreamRemoved = false;
            changed = true;
        }
        for (Map.Entry<Integer, BigDecimal> cost : prices.costs().entrySet()) {
            TariffRow.Price price = row.prices.get(cost.getKey());
            if (price == null) {
                row.prices.put(cost.getKey(), new TariffRow.Price(cost.getValue(), cost.getValue()));
                changed = true;
            } else if (price.upstreamCost == null || price.upstreamCost.compareTo(cost.getValue()) != 0) {
                price.upstreamCost = cost.getValue();
                changed = true;
            }
        }
        for (Map.Entry<Integer, TariffRow.Price> price : row.prices.entrySet()) {
            if (!prices.costs().containsKey(price.getKey()) && price.getValue().upstreamCost != null) {
                price.getValue().upstreamCost = null;
                changed = true;
            }
        }
        boolean belowCost = row.computeBelowCost();
        if (belowCost != row.belowCost) {
            row.belowCost = belowCost;
            changed = true;
        }
        return changed;
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
