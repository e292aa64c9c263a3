package io.resellhub.module.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.resellhub.module.service.ModuleConnections;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamException;
import io.resellhub.module.upstream.UpstreamFailureKind;
import io.resellhub.module.upstream.UpstreamOrder;
import io.resellhub.module.upstream.UpstreamService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * Carries out provisioning actions upstream in three steps, never with a transaction open around the
 * upstream call: {@link #record} (first transaction: the event is marked processed and the action row is
 * claimed), {@link #callUpstream} (no transaction), {@link #complete} (second transaction: the result and
 * its outbox event, or the next retry). {@link #claimDue} hands due retries, activation polls and
 * attempts whose lease ran out (a crash between the upstream call and the second transaction) to
 * {@link ProvisioningScheduler}.
 */
@ApplicationScoped
public class ProvisioningWorker {

    static final String CONSUMER = "module-service.provisioning";

    private final EntityManager entityManager;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final BillmanagerClient client;
    private final ModuleConnections connections;
    private final ProvisioningConfig config;
    private final Clock clock;

    public ProvisioningWorker(EntityManager entityManager, ProcessedEvents processed, Outbox outbox,
            BillmanagerClient client, ModuleConnections connections, ProvisioningConfig config, Clock clock) {
        this.entityManager = entityManager;
        this.processed = processed;
        this.outbox = outbox;
        this.client = client;
        this.connections = connections;
        this.config = config;
        this.clock = clock;
    }

    /** A claimed action: what one run needs, read from the row when it was claimed. */
    public record Claim(UUID actionId, UUID claim, UUID orderId, String action, UUID processingModuleId,
            String productType, String upstreamTariffId, Integer period, Map<String, String> params,
            String upstreamServiceId, LocalDate expiresBefore, int attempts, int polls, Instant createdAt) {
    }

    /** What one upstream run came to. */
    public record Outcome(Kind kind, UpstreamService service, String reason, String failureKind) {

        public enum Kind {
            SUCCEEDED, ACTIVATING, RETRY, FAILED
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
    }

    /**
     * First transaction: marks the event processed and records the action under its id, claimed for
     * this run. Empty for a redelivered event or an action already known (its result, if any, was
     * emitted once through the outbox; nothing is emitted again).
     */
    public Optional<Claim> record(UUID eventId, ProvisioningRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, eventId)) {
                return Optional.empty();
            }
            ProvisioningAction known = entityManager.find(ProvisioningAction.class, request.actionId());
            if (known != null) {
                Log.infof("Provisioning action %s of order %s is already known (%s); event %s ignored",
                        request.actionId(), request.orderId(), known.status, eventId);
                return Optional.empty();
            }
            Instant now = Instant.now(clock);
            ProvisioningAction action = ProvisioningAction.from(request, now);
            Claim claim = action.claim(now, now.plus(config.lease()));
            entityManager.persist(action);
            Log.infof("Provisioning action %s (%s) of order %s recorded on module %s", action.actionId, action.action,
                    action.orderId, action.processingModuleId);
            return Optional.of(claim);
        });
    }

    /** Runs one claimed action to its next state; never throws (a failure leaves it for recovery). */
    public void run(Claim claim) {
        try {
            complete(claim, callUpstream(claim));
        } catch (RuntimeException e) {
            Log.errorf(e, "Provisioning action %s of order %s: run failed; it is retried when its lease ends",
                    claim.actionId(), claim.orderId());
        }
    }

    /** The upstream call, with no transaction open. */
    public Outcome callUpstream(Claim c) {
        Optional<UpstreamConnection> connection = QuarkusTransaction.requiringNew()
                .call(() -> connections.of(c.processingModuleId()));
        if (connection.isEmpty()) {
            return Outcome.failed("Processing module " + c.processingModuleId() + " does not exist", "MODULE_UNKNOWN");
        }
        UpstreamConnection conn = connection.get();
        try {
            switch (c.action()) {
                case "order": {
                    UpstreamService service = c.upstreamServiceId() != null
                            ? client.serviceInfo(conn, c.productType(), c.upstreamServiceId())
                            : client.order(conn, new UpstreamOrder(c.productType(), c.upstreamTariffId(), c.period(),
                                    c.params(), c.orderId().toString()));
                    if (service.isActive()) {
                        return Outcome.succeeded(service);
                    }
                    if (service.status() == UpstreamService.ORDERED || service.status() == UpstreamService.PROCESSING) {
                        return Outcome.activating(service);
                    }
                    if (service.isDeleted()) {
                        return Outcome.failed("Upstream service " + service.id() + " was deleted upstream", "UPSTREAM_ERROR");
                    }
                    return Outcome.succeeded(service);
                }
                case "renew":
                    return Outcome.succeeded(client.prolong(conn, c.productType(), c.upstreamServiceId(), c.period(),
                            c.expiresBefore()));
                case "suspend":
                    client.suspend(conn, c.productType(), c.upstreamServiceId());
                    return Outcome.succeeded(client.serviceInfo(conn, c.productType(), c.upstreamServiceId()));
                case "resume":
                    client.resume(conn, c.productType(), c.upstreamServiceId());
                    return Outcome.succeeded(client.serviceInfo(conn, c.productType(), c.upstreamServiceId()));
                case "close":
                    client.close(conn, c.productType(), c.upstreamServiceId());
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
        } catch (RuntimeException e) {
            Log.warnf(e, "Provisioning action %s of order %s, attempt %d: unexpected failure", c.actionId(),
                    c.orderId(), c.attempts());
            return Outcome.retry(String.valueOf(e.getMessage()), "UNEXPECTED");
        }
    }

    private static String reason(UpstreamException e) {
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
     * Second transaction: stores what the run came to, with its event when final. Only the holder of the
     * current claim may: a run whose lease ran out and was taken over stores nothing.
     */
    public void complete(Claim c, Outcome outcome) {
        QuarkusTransaction.requiringNew().run(() -> {
            ProvisioningAction action = entityManager.find(ProvisioningAction.class, c.actionId(),
                    LockModeType.PESSIMISTIC_WRITE);
            if (action == null || !c.claim().equals(action.claim)) {
                Log.warnf("Provisioning action %s: claim %s was taken over; result of this run dropped", c.actionId(),
                        c.claim());
                return;
            }
            Instant now = Instant.now(clock);
            switch (outcome.kind()) {
                case SUCCEEDED:
                    succeed(action, outcome.service(), now);
                    break;
                case ACTIVATING:
                    if (now.isAfter(action.createdAt.plus(config.activationTimeout()))) {
                        fail(action, "Upstream service " + outcome.service().id() + " did not become active within "
                                + config.activationTimeout() + " (status " + outcome.service().status() + ")",
                                "ACTIVATION_TIMEOUT", now);
                    } else {
                        Instant at = now.plus(backoff(config.activationPoll(), action.polls));
                        action.awaitActivation(outcome.service().id(), outcome.service().status(), at, now);
                        Log.infof("Order %s: upstream service %s is not active yet (status %d); next look at %s",
                                action.orderId, outcome.service().id(), outcome.service().status(), at);
                    }
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
                default:
                    fail(action, outcome.reason(), outcome.failureKind(), now);
            }
        });
    }

    private void succeed(ProvisioningAction action, UpstreamService service, Instant now) {
        action.succeed(service.id(), service.status(), service.expireDate(), now);
        outbox.publish(ProvisioningEvents.TOPIC, ProvisioningEvents.SUCCEEDED, action.orderId.toString(),
                new ProvisioningEvents.Succeeded(action.orderId, action.action, action.actionId,
                        action.processingModuleId, service.id(), service.status(),
                        service.expireDate() == null ? null : service.expireDate().toString(), service.licenseKey()));
        Log.infof("Order %s: %s done upstream (service %s, status %d, expires %s)", action.orderId, action.action,
                service.id(), service.status(), service.expireDate());
    }

    private void fail(ProvisioningAction action, String reason, String kind, Instant now) {
        action.fail(reason, kind, now);
        outbox.publish(ProvisioningEvents.TOPIC, ProvisioningEvents.FAILED, action.orderId.toString(),
                new ProvisioningEvents.Failed(action.orderId, action.action, action.actionId, reason, kind));
        Log.infof("Order %s: %s failed (%s): %s", action.orderId, action.action, kind, reason);
    }

    private Duration backoff(Duration first, int step) {
        Duration wait = first;
        for (int i = 0; i < step && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    /**
     * Claims due actions ({@code FOR UPDATE SKIP LOCKED}, so replicas never share one): retries whose time
     * came, activation polls, and attempts whose lease ran out.
     */
    @SuppressWarnings("unchecked")
    public List<Claim> claimDue(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now(clock);
            List<UUID> ids = entityManager.createNativeQuery("""
                    SELECT action_id FROM provisioning_action
                    WHERE status IN ('RUNNING', 'PENDING', 'ACTIVATING') AND next_attempt_at <= ?1
                    ORDER BY next_attempt_at LIMIT ?2 FOR UPDATE SKIP LOCKED""", UUID.class)
                    .setParameter(1, now).setParameter(2, limit).getResultList();
            List<Claim> claims = new ArrayList<>(ids.size());
            for (UUID id : ids) {
                ProvisioningAction action = entityManager.find(ProvisioningAction.class, id);
                if (action.status == ProvisioningAction.Status.RUNNING) {
                    Log.warnf("Provisioning action %s of order %s: attempt %d outlived its lease; running it again",
                            action.actionId, action.orderId, action.attempts);
                }
                claims.add(action.claim(now, now.plus(config.lease())));
            }
            return claims;
        });
    }
}
