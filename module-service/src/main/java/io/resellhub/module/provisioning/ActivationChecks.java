package io.resellhub.module.provisioning;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.scheduling.ScheduledRuns;
import io.resellhub.module.service.ModuleConnections;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * Services ordered upstream but not active yet (a certificate being issued) are checked in batches: one
 * upstream list call per module and product type covers every service waiting there, as often as its
 * youngest waiting service calls for; every {@code activation-tick} one replica (across all of them) looks
 * which groups are due.
 */
@ApplicationScoped
public class ActivationChecks {

    static final String JOB = "provisioning-activation";

    private final EntityManager entityManager;
    private final ProvisioningWorker worker;
    private final ModuleConnections connections;
    private final BillmanagerClient client;
    private final ScheduledRuns runs;
    private final ProvisioningConfig config;
    private final Clock clock;
    private volatile boolean stopped;

    public ActivationChecks(EntityManager entityManager, ProvisioningWorker worker, ModuleConnections connections,
            BillmanagerClient client, ScheduledRuns runs, ProvisioningConfig config, Clock clock) {
        this.entityManager = entityManager;
        this.worker = worker;
        this.connections = connections;
        this.client = client;
        this.runs = runs;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        Thread loop = new Thread(this::loop, "provisioning-activation");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /**
     * While services wait, one replica per {@code activation-tick} checks the due groups. While none waits, each
     * replica only reads that every {@code activation-poll}: a read, not the tick's write, and half as often (an
     * idle service's most frequent transactions were these ticks).
     */
    private void loop() {
        while (!stopped) {
            boolean anyWaiting = true;
            try {
                Map<Group, Waiting> groups = waitingGroups();
                anyWaiting = !groups.isEmpty();
                if (anyWaiting && runs.tryStart(JOB, config.activationTick())) {
                    checkDue(groups);
                }
            } catch (RuntimeException e) {
                Log.warnf("Provisioning: activation check failed (%s); trying again shortly", e.getMessage());
            }
            try {
                TimeUnit.MILLISECONDS.sleep((anyWaiting ? config.activationTick() : config.activationPoll()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * One list call per module and product type whose check is due: a group is checked again after the delay
     * its youngest waiting service calls for ({@link ProvisioningWorker#activationDelay}: within a second while
     * fresh, backing off for long waits), so nothing is written per waiting service between checks. The group's
     * last check is kept in the database ({@link ScheduledRuns}), so replicas taking turns at the tick do not
     * each check it at that pace (two replicas made twice the list calls while each remembered its own).
     */
    void checkDue() {
        checkDue(waitingGroups());
    }

    private void checkDue(Map<Group, Waiting> groups) {
        Instant now = Instant.now(clock);
        groups.forEach((group, since) -> {
            if (runs.tryStart(group.job(), worker.activationDelay(since.youngest(), now))) {
                check(group, since.oldest());
            }
        });
    }

    private record Group(UUID moduleId, String productType) {

        /** The group's own once-per-delay job ({@code scheduled_run} keeps one row per module and product type). */
        String job() {
            return JOB + ":" + moduleId + ":" + productType;
        }
    }

    /** When the youngest and the oldest of a group's waiting services were ordered. */
    private record Waiting(Instant youngest, Instant oldest) {
    }

    /** Every module and product type with services waiting, and when the youngest and oldest were ordered. */
    @SuppressWarnings("unchecked")
    private Map<Group, Waiting> waitingGroups() {
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                SELECT processing_module_id, product_type, max(created_at), min(created_at) FROM provisioning_action
                WHERE status = 'ACTIVATING' GROUP BY processing_module_id, product_type""").getResultList());
        Map<Group, Waiting> groups = new LinkedHashMap<>();
        for (Object[] row : rows) {
            groups.put(new Group((UUID) row[0], (String) row[1]), new Waiting(instant(row[2]), instant(row[3])));
        }
        return groups;
    }

    private static Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime ? ((java.time.OffsetDateTime) value).toInstant()
                : value instanceof java.sql.Timestamp ? ((java.sql.Timestamp) value).toInstant() : (Instant) value;
    }

    private void check(Group group, Instant oldest) {
        Map<String, UpstreamService> services;
        try {
            Optional<UpstreamConnection> connection = QuarkusTransaction.requiringNew()
                    .call(() -> connections.of(group.moduleId()));
            if (connection.isEmpty()) {
                return;
            }
            services = client.services(connection.get(), group.productType()).stream()
                    .collect(Collectors.toMap(UpstreamService::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        } catch (RuntimeException e) {
            Log.warnf("Module %s: services waiting to become active could not be listed upstream: %s",
                    group.moduleId(), e.getMessage());
            services = Map.of();
        }
        Map<String, UpstreamService> listed = services;
        QuarkusTransaction.requiringNew().run(() -> apply(group, listed, oldest));
    }

    /**
     * Moves the group's waiting actions on by what the list says: those whose service became active (or was
     * deleted) are loaded and locked in one statement and completed with their events; the others wait on
     * untouched, unless they waited past {@code activation-timeout}.
     */
    @SuppressWarnings("unchecked")
    private void apply(Group group, Map<String, UpstreamService> listed, Instant oldest) {
        Instant now = Instant.now(clock);
        List<Object[]> waiting = entityManager.createNativeQuery("""
                SELECT action_id, upstream_service_id FROM provisioning_action
                WHERE status = 'ACTIVATING' AND processing_module_id = ?1 AND product_type = ?2 ORDER BY seq""")
                .setParameter(1, group.moduleId()).setParameter(2, group.productType()).getResultList();
        Map<UUID, UpstreamService> settling = new HashMap<>();
        for (Object[] row : waiting) {
            UpstreamService service = listed.get((String) row[1]);
            if (service != null && (service.isActive() || service.isDeleted())) {
                settling.put((UUID) row[0], service);
            }
        }
        if (!settling.isEmpty()) {
            // Locked in the order of their seq, as any overlapping run locks them; one that run settled meanwhile
            // is not ACTIVATING any more when the lock is granted, and is left out. (A locking find per action was
            // a twentieth of the service's CPU per order.)
            List<ProvisioningAction> actions = entityManager.createQuery("""
                    FROM ProvisioningAction WHERE actionId IN :ids AND status = :status ORDER BY seq""",
                    ProvisioningAction.class)
                    .setParameter("ids", settling.keySet()).setParameter("status", ProvisioningAction.Status.ACTIVATING)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            worker.publishResults(actions.stream().map(action -> settle(action, settling.get(action.actionId), now))
                    .toList());
        }
        if (oldest.isBefore(now.minus(config.activationTimeout()))) {
            worker.failWaitingTooLong(group.moduleId(), group.productType(), now);
        }
    }

    /** A waiting service that became active (or was deleted): its action is final now; returns its event. */
    private Outbox.Pending settle(ProvisioningAction action, UpstreamService service, Instant now) {
        if (service.isActive()) {
            return worker.succeeded(action, withKnownDetails(action, service), now);
        }
        return worker.failed(action, "Upstream service " + service.id() + " was deleted upstream before it became"
                + " active", "UPSTREAM_ERROR", now);
    }

    /** A list row lacks what only the service's own page shows (a license key): keep what the order answered. */
    private static UpstreamService withKnownDetails(ProvisioningAction action, UpstreamService listed) {
        if (listed.licenseKey() != null || action.licenseKey == null) {
            return listed;
        }
        return new UpstreamService(listed.id(), listed.productType(), listed.planId(), listed.period(),
                listed.status(), listed.expireDate(), action.licenseKey, listed.note(), listed.name(),
                listed.createDate(), listed.cost(), listed.currency(), listed.domain(), listed.certificateStatus());
    }
}
