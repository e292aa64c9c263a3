package io.resellhub.module.provisioning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.resellhub.commons.persistence.StringMapJson;
import io.resellhub.module.service.ModuleConnections;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.ChangeGuard;
import io.resellhub.module.upstream.UpstreamConfig;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamException;
import io.resellhub.module.upstream.UpstreamFailureKind;
import io.resellhub.module.upstream.UpstreamOrder;
import io.resellhub.module.upstream.UpstreamService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * Carries out provisioning actions upstream, never with a transaction open around an upstream call:
 * {@link #record} (the consumer's transaction: the event is marked processed, the action stored as due),
 * {@link #claimDue} (the dispatcher claims due actions under fresh fencing tokens), {@link #run} (no
 * transaction; the claim is confirmed in the database before every call that changes something upstream),
 * {@link #complete} (the result and its outbox event, or the next retry, stored only by the current claim).
 */
@ApplicationScoped
public class ProvisioningWorker {

    static final String CONSUMER = "module-service.provisioning";

    /** The failure kind of an order none of whose modules could take it. */
    static final String NO_MODULE_AVAILABLE = "NO_MODULE_AVAILABLE";

    /** Serialises claiming across replicas, so the per-module bound counts every replica's running actions. */
    private static final long CLAIM_LOCK = 0x70726f76L; // "prov"

    private static final StringMapJson PARAMS = new StringMapJson();

    private final EntityManager entityManager;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final BillmanagerClient client;
    private final ModuleConnections connections;
    private final ProvisioningConfig config;
    private final UpstreamConfig upstreamConfig;
    private final OrderRouting routing;
    private final PlainStatements statements;
    private final Clock clock;

    public ProvisioningWorker(EntityManager entityManager, ProcessedEvents processed, Outbox outbox,
            BillmanagerClient client, ModuleConnections connections, ProvisioningConfig config,
            UpstreamConfig upstreamConfig, OrderRouting routing, PlainStatements statements, Clock clock) {
        this.entityManager = entityManager;
        this.processed = processed;
        this.outbox = outbox;
        this.client = client;
        this.connections = connections;
        this.config = config;
        this.upstreamConfig = upstreamConfig;
        this.routing = routing;
        this.statements = statements;
        this.clock = clock;
    }

    /**
     * One claimed attempt: what it needs, read from the row when it was claimed. {@code claim} is the
     * fencing token; {@code attempts > 1} means an earlier attempt may have reached the upstream. An order with
     * {@code candidates} is routed ({@link OrderRouting}); {@code routedModules} may hold it from earlier attempts.
     */
    public record Claim(UUID actionId, UUID claim, UUID orderId, String action, UUID processingModuleId,
            String productType, String upstreamTariffId, Integer period, Map<String, String> params,
            String upstreamServiceId, LocalDate expiresBefore, int attempts,
            List<ProvisioningRequest.Candidate> candidates, java.math.BigDecimal upstreamCost, boolean force,
            List<UUID> routedModules) {

        UpstreamOrder upstreamOrder() {
            return new UpstreamOrder(productType, upstreamTariffId, period, params, orderId.toString());
        }

        /** The same attempt sent to another module and its plan. */
        Claim routedTo(ProvisioningRequest.Candidate candidate) {
            return new Claim(actionId, claim, orderId, action, candidate.processingModuleId(), productType,
                    candidate.upstreamTariffId(), period, params, upstreamServiceId, expiresBefore, attempts, candidates,
                    upstreamCost, force, routedModules);
        }

        boolean routed() {
            return "order".equals(action) && candidates != null && !candidates.isEmpty();
        }
    }

    /** What one upstream attempt came to. */
    public record Outcome(Kind kind, UpstreamService service, String reason, String failureKind) {

        /** WAITING: a renewal held back for the module's balance. */
        public enum Kind {
            SUCCEEDED, ACTIVATING, RETRY, FAILED, WAITING
        }

        static Outcome succeeded(UpstreamService service) {
            return new Outcome(Kind.SUCCEEDED, service, null, null);
        }

        static Outcome activating(UpstreamService service) {
            return new Outcome(Kind.ACTIVATING, service, null, null);
        }

        static Outcome retry(String reason, String failureKind) {
            return new Outcome(Kind.RETRY, null, reason, failureKind);
        }

        static Outcome failed(String reason, String failureKind) {
            return new Outcome(Kind.FAILED, null, reason, failureKind);
        }

        static Outcome waiting(String reason) {
            return new Outcome(Kind.WAITING, null, reason, null);
        }

        /** An order's service: active, still being set up upstream, or gone. */
        static Outcome ofOrdered(UpstreamService service) {
            if (service.status() == UpstreamService.ORDERED || service.status() == UpstreamService.PROCESSING) {
                return activating(service);
            }
            if (service.isDeleted()) {
                return failed("Upstream service " + service.id() + " was deleted upstream", "UPSTREAM_ERROR");
            }
            return succeeded(service);
        }
    }

    /** Thrown before an upstream change when the worker's claim was taken over: it must not act. */
    public static final class ClaimLostException extends RuntimeException {

        ClaimLostException(Claim claim) {
            super("Claim " + claim.claim() + " of provisioning action " + claim.actionId() + " was taken over");
        }
    }

    /** One {@code provisioning.requested} as delivered. */
    public record Requested(UUID eventId, ProvisioningRequest request) {
    }

    /** {@link #recordAll} of one request; true when a new action was stored. */
    public boolean record(UUID eventId, ProvisioningRequest request) {
        return recordAll(List.of(new Requested(eventId, request))) == 1;
    }

    /**
     * The consumer's transaction for a poll of requests: marks the events processed and stores each new action
     * as due now, for the dispatcher to claim; returns how many were stored. An action already known is not run
     * again; when it is final its result is published once more, so a reconciling reselling-service that missed
     * it moves on (its consumer ignores results it already applied).
     */
    public int recordAll(List<Requested> requests) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Set<UUID> fresh = new HashSet<>(processed.firstDeliveries(CONSUMER,
                    requests.stream().map(Requested::eventId).toList()));
            Set<UUID> known = knownActions(requests.stream().filter(r -> fresh.contains(r.eventId()))
                    .map(r -> r.request().actionId()).toList());
            Instant now = Instant.now(clock);
            int recorded = 0;
            for (Requested requested : requests) {
                if (fresh.remove(requested.eventId()) && record(requested, known, now)) {
                    recorded++;
                }
            }
            return recorded;
        });
    }

    /** Which of these actions are stored already (a set to add to): one query a poll, instead of a find each. */
    @SuppressWarnings("unchecked")
    private Set<UUID> knownActions(List<UUID> actionIds) {
        if (actionIds.isEmpty()) {
            return new HashSet<>();
        }
        // No result class: Hibernate caches a new plan for each execution of a native query
        // given a basic result class, all under one hash, and every lookup then compares against all of them.
        return new HashSet<UUID>(entityManager.createNativeQuery(
                "SELECT action_id FROM provisioning_action WHERE action_id = ANY(?1)")
                .setParameter(1, actionIds.toArray(new UUID[0])).getResultList());
    }

    private boolean record(Requested requested, Set<UUID> knownIds, Instant now) {
        ProvisioningRequest request = requested.request();
        ProvisioningAction known = knownIds.contains(request.actionId())
                ? entityManager.find(ProvisioningAction.class, request.actionId()) : null;
        if (known != null) {
            if (known.status == ProvisioningAction.Status.WAITING && Boolean.TRUE.equals(request.force())) {
                known.forceNow(now);
                Log.infof("Provisioning action %s (%s) of order %s waited for balance; forced, due now",
                        known.actionId, known.action, known.orderId);
                return true;
            }
            if (known.isFinal()) {
                outbox.publish(ProvisioningEvents.RESULTS_TOPIC, resultEvent(known));
                Log.infof("Provisioning action %s of order %s asked for again; its %s result is published again",
                        known.actionId, known.orderId, known.status);
            } else {
                Log.infof("Provisioning action %s of order %s is already under way (%s); event %s ignored",
                        request.actionId(), request.orderId(), known.status, requested.eventId());
            }
            return false;
        }
        ProvisioningAction action = ProvisioningAction.from(request, now);
        entityManager.persist(action);
        knownIds.add(action.actionId); // asked for twice in one poll: the second finds this one
        Log.infof("Provisioning action %s (%s) of order %s recorded on module %s", action.actionId, action.action,
                action.orderId, action.processingModuleId);
        return true;
    }

    /**
     * Claims up to {@code limit} due actions (new ones, retries whose time came, attempts whose lease ran
     * out), each under a new fencing token and lease. An action waits while an earlier action of its order
     * is unfinished, and no module gets more than its share of running actions across all replicas
     * (claimers take turns through an advisory lock, so the count they see is exact).
     */
    public List<Claim> claimDue(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return statements.inNewTransaction(connection -> claimDue(connection, limit, Instant.now(clock)));
    }

    /** {@link #claimDue} as plain statements ({@link PlainStatements}): the dispatcher runs it after every action. */
    private List<Claim> claimDue(Connection connection, int limit, Instant now) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, CLAIM_LOCK);
            lock.execute();
        }
        // Per module with due work: its free slots, then its earliest due actions up to them, skipping actions
        // behind an unfinished earlier one of their order. Every step is an index walk that stops early, so a
        // claim costs the same with a backlog of thousands (a GROUP BY over the backlog and an anti-join took
        // 3-9 ms at 1,500 pending actions, this 0.3-0.5 ms): the modules come from a loose index scan (one index
        // probe per module), and "first unfinished of its order" is a per-row lookup the planner cannot turn
        // into a join over every pending action.
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement due = connection.prepareStatement("""
                WITH RECURSIVE busy AS (
                    (SELECT processing_module_id FROM provisioning_action WHERE status IN ('PENDING', 'RUNNING')
                     ORDER BY processing_module_id LIMIT 1)
                    UNION ALL
                    SELECT (SELECT a.processing_module_id FROM provisioning_action a
                            WHERE a.status IN ('PENDING', 'RUNNING')
                              AND a.processing_module_id > busy.processing_module_id
                            ORDER BY a.processing_module_id LIMIT 1)
                    FROM busy WHERE busy.processing_module_id IS NOT NULL),
                modules AS (
                    SELECT processing_module_id, ? - (SELECT count(*) FROM provisioning_action r
                            WHERE r.processing_module_id = busy.processing_module_id AND r.status = 'RUNNING'
                              AND r.next_attempt_at > ?) AS free
                    FROM busy WHERE processing_module_id IS NOT NULL)
                SELECT c.action_id FROM modules m CROSS JOIN LATERAL (
                    SELECT a.action_id, a.next_attempt_at, a.seq FROM provisioning_action a
                    WHERE a.processing_module_id = m.processing_module_id AND a.status IN ('PENDING', 'RUNNING')
                      AND a.next_attempt_at <= ?
                      AND a.seq = (SELECT min(earlier.seq) FROM provisioning_action earlier
                                   WHERE earlier.order_id = a.order_id
                                     AND earlier.status IN ('PENDING', 'RUNNING', 'ACTIVATING'))
                    ORDER BY a.next_attempt_at, a.seq LIMIT greatest(m.free, 0)) c
                ORDER BY c.next_attempt_at, c.seq LIMIT ?""")) {
            due.setInt(1, upstreamConfig.maxConcurrentCallsPerAccount());
            due.setObject(2, PlainStatements.utc(now));
            due.setObject(3, PlainStatements.utc(now));
            due.setInt(4, limit);
            try (ResultSet rows = due.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        // One statement claims them all. Each row is locked and its WHERE checked again on its latest version:
        // a worker may have confirmed its claim since the rows were read, and then the action is not due any
        // more (claiming it anyway would let two workers act). A RUNNING row here outlived its lease.
        List<Claim> claims = new ArrayList<>(ids.size());
        try (PreparedStatement claim = connection.prepareStatement("""
                UPDATE provisioning_action a SET attempts = a.attempts + 1, status = 'RUNNING',
                       claim = gen_random_uuid(), next_attempt_at = ?, updated_at = ?
                FROM provisioning_action before -- the row as it was, for its status before this claim
                WHERE a.action_id = ANY(?) AND before.action_id = a.action_id
                  AND a.status IN ('PENDING', 'RUNNING') AND a.next_attempt_at <= ?
                RETURNING a.action_id, a.claim, a.order_id, a.action, a.processing_module_id, a.product_type,
                          a.upstream_tariff_id, a.period, a.params::text, a.upstream_service_id,
                          a.expires_before, a.attempts, before.status, a.candidates::text, a.upstream_cost,
                          a.force, array_to_string(a.routed_modules, ',')""")) {
            claim.setObject(1, PlainStatements.utc(now.plus(config.lease())));
            claim.setObject(2, PlainStatements.utc(now));
            claim.setArray(3, connection.createArrayOf("uuid", ids.toArray()));
            claim.setObject(4, PlainStatements.utc(now));
            try (ResultSet row = claim.executeQuery()) {
                while (row.next()) {
                    Claim claimed = new Claim(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                            row.getObject(3, UUID.class), row.getString(4), row.getObject(5, UUID.class),
                            row.getString(6), row.getString(7), row.getObject(8, Integer.class),
                            PARAMS.convertToEntityAttribute(row.getString(9)), row.getString(10),
                            row.getObject(11, LocalDate.class), row.getInt(12),
                            ProvisioningAction.CandidatesJson.read(row.getString(14)), row.getBigDecimal(15),
                            row.getBoolean(16), uuids(row.getString(17)));
                    if ("RUNNING".equals(row.getString(13))) {
                        Log.warnf("Provisioning action %s of order %s: attempt %d outlived its lease; running it again",
                                claimed.actionId(), claimed.orderId(), claimed.attempts() - 1);
                    }
                    claims.add(claimed);
                }
            }
        }
        claims.sort(Comparator.comparing(c -> ids.indexOf(c.actionId())));
        return claims;
    }

    private static List<UUID> uuids(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(",")).map(UUID::fromString).toList();
    }

    /** Runs one claimed attempt to its next state; never throws. */
    public void run(Claim claim) {
        Outcome outcome;
        try {
            outcome = attempt(claim);
        } catch (ClaimLostException e) {
            Log.warnf("Provisioning action %s of order %s: claim taken over by another worker; this attempt stops"
                    + " before calling upstream", claim.actionId(), claim.orderId());
            return;
        } catch (RuntimeException e) {
            Log.errorf(e, "Provisioning action %s of order %s, attempt %d: unexpected failure", claim.actionId(),
                    claim.orderId(), claim.attempts());
            outcome = Outcome.retry("Unexpected failure: " + e.getMessage(), "UNEXPECTED");
        }
        try {
            complete(claim, outcome);
        } catch (RuntimeException e) {
            Log.errorf(e, "Provisioning action %s of order %s: its outcome (%s) could not be stored; the attempt is"
                    + " run again when its lease ends", claim.actionId(), claim.orderId(), outcome.kind());
        }
    }

    /**
     * Opens the module's credentials and calls upstream; an attempt that runs out looks once more by note. An order
     * with candidates is routed ({@link OrderRouting}); a renewal waits while its module's balance is below the
     * minimal balance, unless forced.
     */
    Outcome attempt(Claim c) {
        if (c.routed()) {
            return routing.order(c);
        }
        if (c.action().equals("renew") && !c.force()) {
            Optional<String> wait = routing.renewalMustWait(c.processingModuleId(), c);
            if (wait.isPresent()) {
                return Outcome.waiting(wait.get());
            }
        }
        Optional<UpstreamConnection> connection;
        try {
            connection = QuarkusTransaction.requiringNew().call(() -> connections.of(c.processingModuleId()));
        } catch (RuntimeException e) {
            Log.warnf("Provisioning action %s of order %s: the credentials of module %s cannot be opened: %s",
                    c.actionId(), c.orderId(), c.processingModuleId(), e.getMessage());
            return Outcome.retry("The stored credentials of processing module " + c.processingModuleId()
                    + " cannot be opened (" + e.getMessage() + "); re-enter the module's password", "CREDENTIALS");
        }
        if (connection.isEmpty()) {
            return Outcome.failed("Processing module " + c.processingModuleId() + " does not exist", "MODULE_UNKNOWN");
        }
        Outcome outcome = callUpstream(c, connection.get());
        if (outcome.kind() == Outcome.Kind.RETRY && c.attempts() >= config.maxAttempts()) {
            return lastLookup(c, connection.get()).orElse(outcome);
        }
        return outcome;
    }

    /** The upstream call, with no transaction open. */
    public Outcome callUpstream(Claim c, UpstreamConnection conn) {
        ChangeGuard guard = new ChangeGuard(c.attempts() > 1, () -> confirm(c));
        try {
            switch (c.action()) {
                case "order":
                    return Outcome.ofOrdered(client.order(conn, c.upstreamOrder(), guard));
                case "renew":
                    return Outcome.succeeded(client.prolong(conn, c.productType(), c.upstreamServiceId(), c.period(),
                            c.expiresBefore(), guard));
                case "suspend":
                    client.suspend(conn, c.productType(), c.upstreamServiceId(), guard);
                    return Outcome.succeeded(client.serviceInfo(conn, c.productType(), c.upstreamServiceId()));
                case "resume":
                    client.resume(conn, c.productType(), c.upstreamServiceId(), guard);
                    return Outcome.succeeded(client.serviceInfo(conn, c.productType(), c.upstreamServiceId()));
                case "close":
                    client.close(conn, c.productType(), c.upstreamServiceId(), guard);
                    return Outcome.succeeded(client.serviceInfo(conn, c.productType(), c.upstreamServiceId()));
                default:
                    return Outcome.failed("Unknown action " + c.action(), "VALIDATION");
            }
        } catch (UpstreamException e) {
            if (e.transientFailure()) {
                Log.warnf("Provisioning action %s (%s) of order %s, attempt %d: transient upstream failure: %s",
                        c.actionId(), c.action(), c.orderId(), c.attempts(), e.getMessage());
                return Outcome.retry(e.getMessage(), e.kind().name());
            }
            return Outcome.failed(reason(e), e.kind().name());
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage(), UpstreamFailureKind.VALIDATION.name());
        }
    }

    /**
     * After the last attempt failed transiently (perhaps after reaching the upstream): one more look whether
     * the order or renewal happened after all, before the action is reported failed.
     */
    private Optional<Outcome> lastLookup(Claim c, UpstreamConnection conn) {
        try {
            if (c.action().equals("order")) {
                return client.findByNote(conn, c.upstreamOrder()).map(service -> {
                    Log.infof("Order %s: found upstream as service %s after its last attempt failed", c.orderId(),
                            service.id());
                    return Outcome.ofOrdered(service);
                });
            }
            if (c.action().equals("renew") && c.expiresBefore() != null) {
                UpstreamService service = client.serviceInfo(conn, c.productType(), c.upstreamServiceId());
                if (service.expireDate() != null && service.expireDate().isAfter(c.expiresBefore())) {
                    return Optional.of(Outcome.succeeded(service));
                }
            }
        } catch (UpstreamException e) {
            Log.warnf("Provisioning action %s of order %s: last lookup failed too: %s", c.actionId(), c.orderId(),
                    e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * In one statement: the claim is still this worker's, and its lease is extended. Run right before every
     * upstream call that changes something; a worker whose claim was taken over stops there.
     */
    void confirm(Claim c) {
        Instant now = Instant.now(clock);
        int confirmed = statements.update("""
                UPDATE provisioning_action SET next_attempt_at = ?, updated_at = ?
                WHERE action_id = ? AND claim = ? AND status = 'RUNNING'""",
                now.plus(config.lease()), now, c.actionId(), c.claim());
        if (confirmed != 1) {
            throw new ClaimLostException(c);
        }
    }

    static String reason(UpstreamException e) {
        String message = e.getMessage();
        String upstream = e.upstreamMessage();
        if (upstream != null && (message == null || !message.contains(upstream))) {
            message = message == null ? upstream : message + ": " + upstream;
        }
        if (e.kind() == UpstreamFailureKind.INSUFFICIENT_BALANCE) {
            return "Upstream balance cannot pay: " + message;
        }
        return message;
    }

    /**
     * Stores what an attempt came to, with its event when final. Only the holder of the current claim may:
     * an attempt whose lease ran out and was taken over stores nothing.
     */
    public void complete(Claim c, Outcome outcome) {
        if (outcome.kind() == Outcome.Kind.ACTIVATING && awaitedActivation(c, outcome.service())) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            ProvisioningAction action = entityManager.find(ProvisioningAction.class, c.actionId(),
                    LockModeType.PESSIMISTIC_WRITE);
            if (action == null || !c.claim().equals(action.claim)) {
                Log.warnf("Provisioning action %s: claim %s was taken over; result of this attempt dropped",
                        c.actionId(), c.claim());
                return;
            }
            Instant now = Instant.now(clock);
            switch (outcome.kind()) {
                case SUCCEEDED:
                    succeed(action, outcome.service(), now);
                    break;
                case ACTIVATING:
                    awaitActivation(action, outcome.service(), now);
                    break;
                case RETRY:
                    if (action.attempts >= config.maxAttempts()) {
                        fail(action, "Gave up after " + action.attempts + " attempts: " + outcome.reason(),
                                outcome.failureKind(), now);
                    } else {
                        Instant at = now.plus(backoff(config.initialBackoff(), action.attempts - 1));
                        action.retryAt(at, outcome.reason(), now);
                        Log.infof("Provisioning action %s of order %s: attempt %d failed, retry at %s",
                                action.actionId, action.orderId, action.attempts, at);
                    }
                    break;
                case WAITING:
                    action.waitForBalance(outcome.reason(), now);
                    outbox.publish(ProvisioningEvents.RESULTS_TOPIC, ProvisioningEvents.WAITING,
                            action.orderId.toString(), new ProvisioningEvents.Waiting(action.orderId, action.action,
                                    action.actionId, action.processingModuleId, action.lastError));
                    Log.infof("Order %s: %s waits for balance: %s", action.orderId, action.action, outcome.reason());
                    break;
                default:
                    fail(action, outcome.reason(), outcome.failureKind(), now);
            }
        });
    }

    /**
     * The usual end of a certificate order (ordered, not active yet) as one fenced statement: the move
     * {@link ProvisioningAction#awaitActivation} makes, for the current claim of a running action that has not
     * waited past {@code activation-timeout}. Loading, locking and writing back the whole row was an eighth of the
     * worker's CPU. False when it did not apply: the entity path decides (claim lost, timed out).
     */
    private boolean awaitedActivation(Claim c, UpstreamService service) {
        Instant now = Instant.now(clock);
        int moved = statements.update("""
                UPDATE provisioning_action SET status = 'ACTIVATING', upstream_service_id = ?, service_status = ?,
                       license_key = coalesce(CAST(? AS text), license_key), claim = NULL, polls = polls + 1,
                       updated_at = ?
                WHERE action_id = ? AND claim = ? AND status = 'RUNNING' AND created_at >= ?""",
                service.id(), service.status(), service.licenseKey(), now, c.actionId(), c.claim(),
                now.minus(config.activationTimeout()));
        if (moved == 1) {
            Log.infof("Order %s: upstream service %s is not active yet (status %d)", c.orderId(), service.id(),
                    service.status());
        }
        return moved == 1;
    }

    /** A service that is not active yet: checked with the others of its module ({@link ActivationChecks}). */
    void awaitActivation(ProvisioningAction action, UpstreamService service, Instant now) {
        if (now.isAfter(action.createdAt.plus(config.activationTimeout()))) {
            fail(action, "Upstream service " + service.id() + " did not become active within "
                    + config.activationTimeout() + " (status " + service.status() + ")", "ACTIVATION_TIMEOUT", now);
            return;
        }
        if (service.licenseKey() != null) {
            action.licenseKey = service.licenseKey();
        }
        action.awaitActivation(service.id(), service.status(), now);
        if (action.polls == 1) {
            Log.infof("Order %s: upstream service %s is not active yet (status %d)", action.orderId, service.id(),
                    service.status());
        }
    }

    /** The group's services that waited longer than {@code activation-timeout} to become active: failed. */
    @SuppressWarnings("unchecked")
    void failWaitingTooLong(UUID moduleId, String productType, Instant now) {
        List<ProvisioningAction> expired = entityManager.createQuery("""
                FROM ProvisioningAction WHERE status = :status AND processingModuleId = :module
                AND productType = :productType AND createdAt < :limit""")
                .setParameter("status", ProvisioningAction.Status.ACTIVATING).setParameter("module", moduleId)
                .setParameter("productType", productType).setParameter("limit", now.minus(config.activationTimeout()))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        publishResults(expired.stream().map(action -> failed(action, "Upstream service " + action.upstreamServiceId
                + " did not become active within " + config.activationTimeout() + " (status " + action.serviceStatus
                + ")", "ACTIVATION_TIMEOUT", now)).toList());
    }

    /**
     * How long until a service ordered at {@code createdAt} is checked again: a tenth of how long it has
     * waited, at least {@code activation-poll} (so fresh orders are seen active within a second) and at most
     * {@code activation-max-interval}.
     */
    Duration activationDelay(Instant createdAt, Instant now) {
        Duration delay = Duration.between(createdAt, now).dividedBy(10);
        if (delay.compareTo(config.activationPoll()) < 0) {
            return config.activationPoll();
        }
        return delay.compareTo(config.activationMaxInterval()) > 0 ? config.activationMaxInterval() : delay;
    }

    void succeed(ProvisioningAction action, UpstreamService service, Instant now) {
        outbox.publish(ProvisioningEvents.RESULTS_TOPIC, succeeded(action, service, now));
    }

    void fail(ProvisioningAction action, String reason, String kind, Instant now) {
        outbox.publish(ProvisioningEvents.RESULTS_TOPIC, failed(action, reason, kind, now));
    }

    /** Marks {@code action} succeeded; returns its result event, for the caller to publish with others. */
    Outbox.Pending succeeded(ProvisioningAction action, UpstreamService service, Instant now) {
        action.succeed(service.id(), service.status(), service.expireDate(), service.licenseKey(), now);
        Log.infof("Order %s: %s done upstream (service %s, status %d, expires %s)", action.orderId, action.action,
                service.id(), service.status(), service.expireDate());
        return resultEvent(action);
    }

    /** Marks {@code action} failed; returns its result event, for the caller to publish with others. */
    Outbox.Pending failed(ProvisioningAction action, String reason, String kind, Instant now) {
        action.fail(reason, kind, now);
        Log.infof("Order %s: %s failed (%s): %s", action.orderId, action.action, kind, reason);
        return resultEvent(action);
    }

    /**
     * Result events of many actions settled in one transaction, in one JDBC batch: a statement per event made an
     * activation check that settled a hundred orders on a busy machine take seconds (each round trip waits its
     * turn for the CPU), and every order behind it waited too.
     */
    void publishResults(List<Outbox.Pending> events) {
        outbox.publishAll(ProvisioningEvents.RESULTS_TOPIC, events);
    }

    /** A final action's result event, from what the row holds. */
    private static Outbox.Pending resultEvent(ProvisioningAction action) {
        if (action.status == ProvisioningAction.Status.SUCCEEDED) {
            return new Outbox.Pending(ProvisioningEvents.SUCCEEDED, action.orderId.toString(),
                    new ProvisioningEvents.Succeeded(action.orderId, action.action, action.actionId,
                            action.processingModuleId, action.upstreamServiceId, action.serviceStatus,
                            action.expiresAt == null ? null : action.expiresAt.toString(), action.licenseKey,
                            action.upstreamTariffId));
        }
        return new Outbox.Pending(ProvisioningEvents.FAILED, action.orderId.toString(),
                new ProvisioningEvents.Failed(action.orderId, action.action, action.actionId, action.lastError,
                        action.failureKind, action.processingModuleId));
    }

    private Duration backoff(Duration first, int step) {
        Duration wait = first;
        for (int i = 0; i < step && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }
}
