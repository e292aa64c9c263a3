package io.resellhub.tariff.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.resellhub.tariff.domain.ImportJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The job table: create, claim (FOR UPDATE SKIP LOCKED), heartbeat with progress, finish. */
@ApplicationScoped
public class ImportJobs {

    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ImportJobs(EntityManager entityManager, ObjectMapper mapper, Clock clock) {
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The job no longer belongs to this runner (another instance resumed it): stop and roll the batch back. */
    static final class LostOwnership extends RuntimeException {
        LostOwnership(UUID jobId) {
            super("Job " + jobId + " is no longer owned by this instance");
        }
    }

    @Transactional
    public ImportJob enqueue(String kind, UUID moduleId, String productType, String provider, List<String> upstreamIds) {
        ImportJob job = new ImportJob();
        job.id = UUID.randomUUID();
        job.kind = kind;
        job.processingModuleId = moduleId;
        job.productType = productType;
        job.provider = provider;
        job.upstreamTariffIds = upstreamIds == null || upstreamIds.isEmpty() ? null : json(upstreamIds);
        job.status = ImportJob.QUEUED;
        job.errors = "[]";
        job.createdAt = Instant.now(clock);
        job.persist();
        return job;
    }

    @Transactional
    public boolean hasPending(UUID moduleId) {
        return ImportJob.count("processingModuleId = ?1 and status in ('queued', 'running')", moduleId) > 0;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ImportJob> find(UUID id) {
        return ImportJob.findByIdOptional(id);
    }

    /**
     * Fails running jobs abandoned too often, then claims the oldest queued job, or a running one whose
     * heartbeat went stale (its service stopped), unless its module already has a live job.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<ImportJob> claimNext(String owner, Instant staleBefore, int maxAttempts) {
        Instant now = Instant.now(clock);
        int abandoned = entityManager.createNativeQuery("""
                UPDATE tariff_import SET status = 'failed', finished_at = ?1, owner = NULL,
                    errors = errors || jsonb_build_array(jsonb_build_object('message',
                        'abandoned after ' || attempts || ' attempt(s) that did not finish'))
                WHERE status = 'running' AND heartbeat_at < ?2 AND attempts >= ?3""")
                .setParameter(1, now).setParameter(2, staleBefore).setParameter(3, maxAttempts).executeUpdate();
        if (abandoned > 0) {
            Log.warnf("Failed %d tariff import job(s) abandoned %d time(s)", abandoned, maxAttempts);
        }
        @SuppressWarnings("unchecked")
        List<Object> ids = entityManager.createNativeQuery("""
                SELECT j.id FROM tariff_import j
                WHERE (j.status = 'queued' OR (j.status = 'running' AND j.heartbeat_at < ?1))
                  AND NOT EXISTS (SELECT 1 FROM tariff_import r WHERE r.processing_module_id = j.processing_module_id
                                  AND r.id <> j.id AND r.status = 'running' AND r.heartbeat_at >= ?1)
                ORDER BY j.created_at LIMIT 1 FOR UPDATE OF j SKIP LOCKED""")
                .setParameter(1, staleBefore).getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        ImportJob job = entityManager.find(ImportJob.class, ids.get(0));
        if (ImportJob.RUNNING.equals(job.status)) {
            Log.infof("Tariff import %s was left running by %s (heartbeat %s): resuming it (attempt %d)", job.id,
                    job.owner, job.heartbeatAt, job.attempts + 1);
        }
        job.status = ImportJob.RUNNING;
        job.owner = owner;
        job.heartbeatAt = now;
        job.startedAt = job.startedAt == null ? now : job.startedAt;
        job.attempts++;
        // The import is idempotent: a resumed job runs again from the start, so its counters restart too.
        job.total = 0;
        job.processed = 0;
        job.created = 0;
        job.updated = 0;
        job.unchanged = 0;
        job.removed = 0;
        job.failed = 0;
        job.errors = "[]";
        return Optional.of(job);
    }

    /** Saves progress and the heartbeat on the batch's transaction; throws if another instance took the job. */
    @Transactional(Transactional.TxType.MANDATORY)
    void saveProgress(UUID jobId, String owner, Progress progress) {
        int rows = entityManager.createNativeQuery("""
                UPDATE tariff_import SET total = ?1, processed = ?2, created = ?3, updated = ?4, unchanged = ?5,
                    removed = ?6, failed = ?7, errors = CAST(?8 AS jsonb), heartbeat_at = ?9
                WHERE id = ?10 AND owner = ?11 AND status = 'running'""")
                .setParameter(1, progress.total).setParameter(2, progress.processed)
                .setParameter(3, progress.created).setParameter(4, progress.updated)
                .setParameter(5, progress.unchanged).setParameter(6, progress.removed)
                .setParameter(7, progress.failed).setParameter(8, json(progress.errorsToStore()))
                .setParameter(9, Instant.now(clock)).setParameter(10, jobId).setParameter(11, owner)
                .executeUpdate();
        if (rows == 0) {
            throw new LostOwnership(jobId);
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void finish(UUID jobId, String owner, Progress progress, String status, String failure) {
        if (failure != null) {
            progress.report(null, null, failure);
        }
        saveProgress(jobId, owner, progress);
        entityManager.createNativeQuery("UPDATE tariff_import SET status = ?1, finished_at = ?2 WHERE id = ?3")
                .setParameter(1, status).setParameter(2, Instant.now(clock)).setParameter(3, jobId).executeUpdate();
    }

    List<String> upstreamIds(ImportJob job) {
        if (job.upstreamTariffIds == null) {
            return null;
        }
        try {
            return List.of(mapper.readValue(job.upstreamTariffIds, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Job " + job.id + " has unreadable upstream ids", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
