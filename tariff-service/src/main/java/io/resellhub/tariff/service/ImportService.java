package io.resellhub.tariff.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.tariff.client.ModuleInfo;
import io.resellhub.tariff.client.ModuleServiceClient;
import io.resellhub.tariff.client.UpstreamPlan;
import io.resellhub.tariff.domain.ImportJob;
import io.resellhub.tariff.domain.Tariff;
import io.resellhub.tariff.service.ImportEngine.CostChange;
import io.resellhub.tariff.domain.TariffStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** Starting imports and syncs, the dry run, and what the upstream offers next to what is imported. */
@ApplicationScoped
public class ImportService {

    private final ModuleServiceClient modules;
    private final ImportJobs jobs;
    private final ImportJobRunner runner;
    private final ImportEngine engine;
    private final TariffStore store;
    private final EntityManager entityManager;

    public ImportService(ModuleServiceClient modules, ImportJobs jobs, ImportJobRunner runner, ImportEngine engine,
            TariffStore store, EntityManager entityManager) {
        this.modules = modules;
        this.jobs = jobs;
        this.runner = runner;
        this.engine = engine;
        this.store = store;
        this.entityManager = entityManager;
    }

    public record UpstreamOffer(UpstreamPlan plan, UUID tariffId) {
    }

    public record Creation(String upstreamId, String name) {
    }

    public record Removal(String upstreamId, UUID tariffId) {
    }

    public record Warning(String upstreamId, String message) {
    }

    public record DryRun(List<Creation> create, List<CostChange> costChanges, List<Removal> removedUpstream,
            List<Warning> warnings) {
    }

    /** Queues an import (202): the module must exist and serve the product type; the job runs in the background. */
    public ImportJob startImport(UUID moduleId, String productType, List<String> upstreamIds, String provider) {
        requireServes(moduleId, productType);
        ImportJob job = jobs.enqueue(ImportJob.IMPORT, moduleId, productType, provider, upstreamIds);
        Log.infof("Tariff import %s queued: module %s, %s, %s", job.id, moduleId, productType,
                upstreamIds == null || upstreamIds.isEmpty() ? "all plans" : upstreamIds.size() + " plan(s)");
        runner.kick();
        return job;
    }

    /** Queues a cost sync of the module's imported tariffs (its product type comes from module-service). */
    public ImportJob startSync(UUID moduleId) {
        ModuleInfo module = modules.module(moduleId).orElseThrow(() -> ProblemException.notFound("Processing module", moduleId));
        ImportJob job = jobs.enqueue(ImportJob.SYNC, moduleId, module.productType(), null, null);
        Log.infof("Tariff sync %s queued for module %s", job.id, moduleId);
        runner.kick();
        return job;
    }

    /**
     * Scheduled re-sync of every module that has tariffs, still exists in module-service and has no job
     * pending. The tariffs of a deleted module are kept but no longer synced: its upstream account may
     * already serve another module.
     */
    @Scheduled(every = "${tariff-service.sync.interval}", delayed = "${tariff-service.sync.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledSync() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT DISTINCT processing_module_id, product_type FROM tariff").getResultList());
        int queued = 0;
        int deleted = 0;
        for (Object[] row : rows) {
            UUID moduleId = (UUID) row[0];
            if (jobs.hasPending(moduleId)) {
                continue;
            }
            Optional<ModuleInfo> module;
            try {
                module = modules.module(moduleId);
            } catch (RuntimeException e) {
                Log.warnf("Scheduled tariff cost sync skipped this round: module-service did not answer (%s)",
                        e.getMessage());
                break;
            }
            if (module.isEmpty()) {
                deleted++;
                continue;
            }
            jobs.enqueue(ImportJob.SYNC, moduleId, (String) row[1], null, null);
            queued++;
        }
        if (queued > 0 || deleted > 0) {
            Log.infof("Scheduled tariff cost sync queued for %d module(s); %d deleted module(s) skipped", queued,
                    deleted);
        }
        if (queued > 0) {
            runner.kick();
        }
    }

    /**
     * What an import would do, computed from one upstream fetch through the job's own scope and diff
     * ({@link ImportEngine#scope}, {@link ImportEngine#diff}) on tariffs read without locks; changes nothing.
     */
    public DryRun dryRun(UUID moduleId, String productType, List<String> upstreamIds) {
        requireServes(moduleId, productType);
        List<UpstreamPlan> plans = engine.fetch(moduleId, productType);
        Map<String, UpstreamPlan> upstream = ImportEngine.byUpstreamId(plans, null);
        Map<String, Tariff> existing = QuarkusTransaction.requiringNew().call(() -> store.load(moduleId, null, false));
        Map<String, UUID> present = new LinkedHashMap<>();
        existing.values().stream().filter(t -> !t.upstreamRemoved).forEach(t -> present.put(t.upstreamTariffId, t.id));
        ImportEngine.Scope scope = ImportEngine.scope(upstream,
                upstreamIds == null || upstreamIds.isEmpty() ? null : upstreamIds, false, present, existing::keySet);
        List<Creation> create = new ArrayList<>();
        List<CostChange> changes = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        scope.notOffered().forEach(id -> warnings.add(new Warning(id, ImportEngine.notOffered(id, productType))));
        for (UpstreamPlan plan : scope.work()) {
            String id = plan.upstreamId();
            ImportEngine.PlanDiff diff = ImportEngine.diff(existing.get(id), plan, moduleId, productType, null, true);
            diff.warnings().forEach(w -> warnings.add(new Warning(id, w)));
            switch (diff.outcome()) {
                case FAILED -> warnings.add(new Warning(id, diff.failure()));
                case CREATED -> create.add(new Creation(id, diff.tariff().name));
                default -> changes.addAll(diff.costChanges());
            }
        }
        List<Removal> removed = new ArrayList<>();
        scope.vanished().forEach((upstreamId, tariffId) -> removed.add(new Removal(upstreamId, tariffId)));
        return new DryRun(create, changes, removed, warnings);
    }

    /** The upstream's plans of the product type, sorted by name, each with the tariff it was imported as. */
    public List<UpstreamOffer> upstreamOffers(UUID moduleId, String productType) {
        String type = productType;
        if (type == null || type.isBlank()) {
            type = modules.module(moduleId).orElseThrow(() -> ProblemException.notFound("Processing module", moduleId))
                    .productType();
        }
        List<UpstreamPlan> plans = engine.fetch(moduleId, type);
        Map<String, UUID> imported = QuarkusTransaction.requiringNew().call(() -> importedIds(moduleId));
        Comparator<UpstreamPlan> byName = Comparator.comparing((UpstreamPlan p) -> p.name() == null ? "" : p.name(),
                String.CASE_INSENSITIVE_ORDER).thenComparing(p -> String.valueOf(p.upstreamId()));
        return plans.stream().filter(p -> p != null && p.upstreamId() != null).sorted(byName)
                .map(p -> new UpstreamOffer(p, imported.get(p.upstreamId()))).toList();
    }

    private Map<String, UUID> importedIds(UUID moduleId) {
        Map<String, UUID> ids = new java.util.HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT upstream_tariff_id, id FROM tariff WHERE processing_module_id = ?1").setParameter(1, moduleId)
                .getResultList();
        rows.forEach(r -> ids.put((String) r[0], (UUID) r[1]));
        return ids;
    }

    private void requireServes(UUID moduleId, String productType) {
        ModuleInfo module = modules.module(moduleId).orElseThrow(() -> ProblemException.notFound("Processing module", moduleId));
        if (!productType.equals(module.productType())) {
            throw new ProblemException(new Problem(Problem.type("product-type-not-served"), "Product type not served",
                    422, "Processing module " + moduleId + " serves " + module.productType() + ", not " + productType,
                    null, List.of(new Problem.FieldError("productType", "must be " + module.productType()
                            + ", the product type of processing module " + moduleId))));
        }
    }

}
