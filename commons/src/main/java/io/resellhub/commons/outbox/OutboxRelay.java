package io.resellhub.commons.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.resellhub.commons.events.KafkaClientSecurity;
import io.resellhub.commons.tracing.TraceHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes the outbox to Kafka, one active relay per service however many replicas run: the replica
 * holding the {@link RelayLock} (a PostgreSQL advisory lock on a connection of its own) publishes, the
 * others stand by and take over within seconds when it dies or loses its connection. Each round claims
 * the oldest unsent rows in id order with {@code FOR UPDATE} (a new holder waits for a batch its
 * predecessor still has in flight instead of overtaking it), fenced by a check that this relay's lock
 * session still holds the lock; it sends them keyed by aggregate id, waits for the broker's
 * acknowledgement and stamps {@code sent_at} in the same transaction. So one aggregate's events reach
 * Kafka in the order their rows were written (the writers of one aggregate hold its row lock, so that is
 * commit order). When the broker is down the round fails, the attempt count goes up and the rows stay for
 * the next round: nothing is lost, at worst an event is published twice, which consumers absorb through
 * their processed-event table and the aggregate version.
 */
@ApplicationScoped
public class OutboxRelay {

    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final Clock clock;
    private final KafkaProducer<String, String> producer;
    private final Counter published;
    private final Counter failedRounds;
    private final RelayLock lock;
    private final AtomicLong backlogRows = new AtomicLong();
    private final AtomicLong oldestUnsentEpochMilli = new AtomicLong();
    private Instant backlogCheckedAt = Instant.MIN;
    private volatile boolean running = true;
    private volatile boolean active;
    private final Object wakeup = new Object();
    /** Set by {@link #wake}, cleared by the pause it cuts short; guarded by {@link #wakeup}. */
    private boolean woken;
    private Thread relayThread;

    public OutboxRelay(EntityManager entityManager, OutboxConfig config, Clock clock, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.entityManager = entityManager;
        this.config = config;
        this.clock = clock;
        this.lock = new RelayLock(jdbcUrl, username, password, config.standbyInterval(), clock);
        long timeoutMs = config.sendTimeout().toMillis();
        this.producer = new KafkaProducer<>(KafkaClientSecurity.with(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE))),
                new StringSerializer(), new StringSerializer());
        this.published = registry.counter("resellhub.outbox.published");
        this.failedRounds = registry.counter("resellhub.outbox.failed.rounds");
        // Gauges read what the relay thread last measured: a scrape never waits for the database.
        registry.gauge("resellhub.outbox.backlog", backlogRows);
        registry.more().timeGauge("resellhub.outbox.oldest.unsent.age", Tags.empty(), oldestUnsentEpochMilli,
                TimeUnit.MILLISECONDS, oldest -> oldest.get() == 0 ? 0 : Math.max(0, clock.millis() - oldest.get()));
        registry.gauge("resellhub.outbox.relay.active", this, relay -> relay.active ? 1 : 0);
    }

    /**
     * The relay loop runs on its own thread: Quarkus' scheduler cannot poll faster than once a
     * second, and an event should reach its consumers well within a second of its commit.
     */
    void onStart(@Observes StartupEvent event) {
        start();
    }

    /** Starts the relay thread: it stands by until it holds the relay lock, then publishes. */
    public void start() {
        relayThread = new Thread(this::relayLoop, "outbox-relay");
        relayThread.setDaemon(true);
        relayThread.start();
    }

    /** True while this relay holds the relay lock and publishes; false while it stands by. */
    public boolean isActive() {
        return active;
    }

    /** Unsent outbox rows as last counted (every few seconds, by the relay thread). */
    public long backlog() {
        return backlogRows.get();
    }

    /**
     * Rows were committed on this replica: an active relay starts its next round without finishing its pause (a
     * round under way is followed by another at once). A standby ignores it and asks for the lock on its schedule.
     */
    void wake(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
        if (active) {
            synchronized (wakeup) {
                woken = true;
                wakeup.notify();
            }
        }
    }

    /** The PostgreSQL backend pid of the lock session while this relay is active, else 0 (for diagnosis). */
    public int lockSessionPid() {
        return lock.backendPid();
    }

    private void relayLoop() {
        long pauseMs = config.pollInterval().toMillis();
        boolean wakeable = true;
        while (running) {
            try {
                active = lock.holds();
                if (!active) {
                    pauseMs = config.standbyInterval().toMillis();
                } else if (lock.anyUnsent()) {
                    // Drain in batches so a burst (a bulk import) goes out quickly without one huge transaction.
                    while (running && publishBatch() == config.batchSize()) {
                        Log.debugf("Outbox: full batch published, draining on");
                    }
                }
                measureBacklog();
            } catch (LostRelayLock e) {
                Log.warnf("Outbox: %s; standing by", e.getMessage());
                lock.close();
                active = false;
                // A deposed relay waits a standby's interval before asking again, so a replica that has been
                // standing by takes over instead of the one whose lock session just died.
                pauseMs = config.standbyInterval().toMillis();
            } catch (RuntimeException e) {
                // The database may be down for a moment: keep the loop alive, the rows wait.
                Log.warnf("Outbox: relay round failed, will retry: %s", e.toString());
                pauseMs = Math.min(config.pollInterval().toMillis() * 50, 5_000);
                wakeable = false; // the back-off after a failure runs its course
            }
            try {
                // Only an active relay's ordinary pause is cut short: a deposed relay must wait its standby's interval
                // (so a standby takes over), even when a commit woke it while its last round was failing.
                pause(pauseMs, wakeable && active);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pauseMs = config.pollInterval().toMillis();
            wakeable = true;
        }
    }

    /** Sleeps {@code millis}, or less when {@code wakeable} and {@link #wake} is (or was meanwhile) called. */
    private void pause(long millis, boolean wakeable) throws InterruptedException {
        if (!wakeable) {
            synchronized (wakeup) {
                woken = false;
            }
            Thread.sleep(millis);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (wakeup) {
            long left;
            while (!woken && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(wakeup, left);
            }
            woken = false;
        }
    }

    /** Publishes one batch; returns how many rows were sent (0 when nothing was pending or the broker failed). */
    public int publishBatch() {
        int sent;
        try {
            sent = QuarkusTransaction.requiringNew().call(this::claimSendAndMark);
        } catch (BatchNotAcknowledged failure) {
            // The claim rolled back, so the rows are free again; count the attempt for operators.
            recordFailure(failure);
            return 0;
        }
        if (sent > 0) {
            published.increment(sent);
            Log.debugf("Outbox: published %d event(s)", sent);
        }
        return sent;
    }

    private int claimSendAndMark() {
        // No SKIP LOCKED: rows a previous holder still has in flight are waited for, never overtaken.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT id, topic, aggregate_id, envelope, traceparent, tracestate FROM outbox
                WHERE sent_at IS NULL ORDER BY id LIMIT ?1 FOR UPDATE""")
                .setParameter(1, config.batchSize())
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        // The fence, checked only when there is something to send (reading pg_locks costs the database about
        // 0.5 ms, and most rounds find nothing): a relay whose lock session is gone (a standby may hold the
        // lock by now) sends nothing, and its claim rolls back.
        long held = ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid = ?1 AND classid = 0 AND objid::bigint = ?2""")
                .setParameter(1, lock.backendPid())
                .setParameter(2, RelayLock.KEY)
                .getSingleResult()).longValue();
        if (held == 0) {
            throw new LostRelayLock();
        }
        Long[] ids = new Long[rows.size()];
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        try {
            for (int i = 0; i < rows.size(); i++) {
                Object[] row = rows.get(i);
                ids[i] = ((Number) row[0]).longValue();
                ProducerRecord<String, String> record = new ProducerRecord<>((String) row[1], (String) row[2],
                        (String) row[3]);
                // The writer's trace context rides along as W3C headers (EventTracing restores it).
                TraceHeaders.addTo(record.headers(), (String) row[4], (String) row[5]);
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            throw new BatchNotAcknowledged(ids, e);
        }
        entityManager.createNativeQuery("UPDATE outbox SET sent_at = ?1, attempts = attempts + 1 WHERE id = ANY(?2)")
                .setParameter(1, Instant.now(clock))
                .setParameter(2, ids)
                .executeUpdate();
        return ids.length;
    }

    private void recordFailure(BatchNotAcknowledged failure) {
        failedRounds.increment();
        Throwable cause = failure.getCause() instanceof ExecutionException && failure.getCause().getCause() != null
                ? failure.getCause().getCause()
                : failure.getCause();
        String message = String.valueOf(cause);
        Log.warnf("Outbox: publishing %d event(s) failed, will retry: %s", failure.ids.length, message);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?1 WHERE id = ANY(?2)")
                .setParameter(1, message.length() > 1000 ? message.substring(0, 1000) : message)
                .setParameter(2, failure.ids)
                .executeUpdate());
    }

    /** Counts the unsent rows and the age of the oldest, at most every few seconds, for the gauges. */
    private void measureBacklog() {
        Instant now = Instant.now(clock);
        if (now.isBefore(backlogCheckedAt.plusSeconds(5))) {
            return;
        }
        backlogCheckedAt = now;
        Object[] row = (Object[]) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT count(*), min(created_at) FROM outbox WHERE sent_at IS NULL").getSingleResult());
        backlogRows.set(((Number) row[0]).longValue());
        oldestUnsentEpochMilli.set(row[1] == null ? 0 : toInstant(row[1]).toEpochMilli());
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    /** This relay's lock session no longer holds the relay lock; thrown to roll the claim back. */
    private static final class LostRelayLock extends RuntimeException {
        LostRelayLock() {
            super("the relay lock is no longer held by this relay's lock session");
        }
    }

    /** The broker did not acknowledge a claimed batch; thrown to roll the claim back. */
    private static final class BatchNotAcknowledged extends RuntimeException {
        private final Long[] ids;

        BatchNotAcknowledged(Long[] ids, Exception cause) {
            super("Batch of " + ids.length + " event(s) not acknowledged", cause);
            this.ids = ids;
        }
    }

    @Scheduled(every = "1h", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deleteOldSentRows() {
        if (!active) {
            return; // the active relay's replica cleans up, the others need not repeat it
        }
        Instant cutoff = Instant.now(clock).minus(config.retention());
        int deleted = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("DELETE FROM outbox WHERE sent_at < ?1").setParameter(1, cutoff).executeUpdate());
        if (deleted > 0) {
            Log.infof("Outbox: deleted %d event(s) sent before %s", deleted, cutoff);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Stops the relay thread, gives the relay lock up (a standby takes over) and closes the producer. */
    public void stop() {
        running = false;
        if (relayThread != null) {
            try {
                // A batch in flight is let finish (acknowledged and marked, so the next holder does not send it
                // again); the loop notices within a pause. Interrupted only if it does not.
                relayThread.join(2_000);
                relayThread.interrupt();
                relayThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        active = false;
        lock.close();
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
