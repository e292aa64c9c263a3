package io.resellhub.commons.scheduling;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Once per interval across all replicas: every replica ticks, and the one whose single statement moves the
 * job's {@code last_run_at} forward (by the database's clock, so replicas' clocks don't matter) runs it; the
 * others skip. A replica that dies in the middle of a run costs at most one interval.
 */
@ApplicationScoped
public class ScheduledRuns {

    /** Who ran a job last: process and host, for operators reading {@code scheduled_run}. */
    private static final String REPLICA = ManagementFactory.getRuntimeMXBean().getName();

    private final EntityManager entityManager;

    public ScheduledRuns(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * True when this replica may run {@code job} now: no replica started it within the last {@code interval}
     * (less a tenth, so ticks that drift a little still run once per interval). Its own transaction.
     */
    public boolean tryStart(String job, Duration interval) {
        long micros = interval.toNanos() / 1000 * 9 / 10;
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                INSERT INTO scheduled_run (job, last_run_at, run_by) VALUES (?1, clock_timestamp(), ?3)
                ON CONFLICT (job) DO UPDATE SET last_run_at = clock_timestamp(), run_by = ?3
                WHERE scheduled_run.last_run_at <= clock_timestamp() - make_interval(secs => ?2 / 1000000.0)""")
                .setParameter(1, job).setParameter(2, micros).setParameter(3, REPLICA)
                .executeUpdate() == 1);
    }
}
