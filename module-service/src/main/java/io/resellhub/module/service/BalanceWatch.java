package io.resellhub.module.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.scheduling.ScheduledRuns;
import io.resellhub.module.config.ModuleServiceConfig;
import io.resellhub.module.domain.BalanceAlert;
import io.resellhub.module.domain.ModuleBalance;
import io.resellhub.module.domain.ProcessingModule;
import io.resellhub.module.domain.ProcessingModuleRepository;
import io.resellhub.module.messaging.ModuleEvents;
import io.resellhub.module.upstream.AccountBalance;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Reads every module's upstream balance on a schedule. Crossing below the module's minimal balance
 * records one alert for its department and one {@code balance-low} event; recovering records
 * {@code balance-restored}. A reading that stays on the same side changes only the reading. Every replica
 * ticks; one of them reads the balances per interval ({@link ScheduledRuns}).
 */
@ApplicationScoped
public class BalanceWatch {

    private final ProcessingModuleRepository repository;
    private final ModuleConnections connections;
    private final BillmanagerClient client;
    private final Outbox outbox;
    private final ScheduledRuns runs;
    private final ModuleServiceConfig config;
    private final Clock clock;

    public BalanceWatch(ProcessingModuleRepository repository, ModuleConnections connections,
            BillmanagerClient client, Outbox outbox, ScheduledRuns runs, ModuleServiceConfig config, Clock clock) {
        this.repository = repository;
        this.connections = connections;
        this.client = client;
        this.outbox = outbox;
        this.runs = runs;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${module-service.balance-watch.interval:5m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void checkAll() {
        if (!runs.tryStart("balance-watch", config.balanceWatch().interval())) {
            Log.debugf("Balance watch: another replica read the balances within the last interval");
            return;
        }
        List<UUID> ids = QuarkusTransaction.requiringNew()
                .call(() -> repository.allActive().stream().map(m -> m.id).toList());
        for (UUID id : ids) {
            check(id);
        }
    }

    /** Reads one module's balance now (outside any transaction) and records the reading. */
    public ModuleBalance check(UUID moduleId) {
        UpstreamConnection connection = connections.of(moduleId)
                .orElseThrow(() -> ProblemException.notFound("Processing module", moduleId));
        try {
            AccountBalance balance = client.balance(connection);
            return QuarkusTransaction.requiringNew().call(() -> record(repository.findById(moduleId), balance));
        } catch (UpstreamException e) {
            Log.warnf("Balance of module %s could not be read: %s", moduleId, e.getMessage());
            return QuarkusTransaction.requiringNew().call(() -> recordFailure(moduleId, e.getMessage()));
        }
    }

    /**
     * Records a reading on the caller's transaction; on a crossing of the minimal balance, also the
     * alert and its event. Creating or re-pointing a module records its first reading this way too.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ModuleBalance record(ProcessingModule module, AccountBalance balance) {
        UUID moduleId = module.id;
        ModuleBalance reading = reading(moduleId);
        Instant now = Instant.now(clock);
        boolean wasBelow = reading.belowMinimum;
        boolean below = module.minimalBalance != null && balance.balance().compareTo(module.minimalBalance) < 0;
        reading.balance = balance.balance();
        reading.currency = balance.currency();
        reading.checkedAt = now;
        reading.error = null;
        reading.belowMinimum = below;
        persistIfNew(reading);
        if (!below) {
            releaseWaitingRenewals(module, now);
        }
        if (below != wasBelow && !module.isDeleted()) {
            BalanceAlert alert = new BalanceAlert();
            alert.id = UUID.randomUUID();
            alert.moduleId = moduleId;
            alert.department = module.department;
            alert.kind = below ? BalanceAlert.Kind.LOW : BalanceAlert.Kind.RESTORED;
            alert.balance = balance.balance();
            alert.minimalBalance = module.minimalBalance != null ? module.minimalBalance : balance.balance();
            alert.currency = balance.currency();
            alert.createdAt = now;
            alert.persist();
            outbox.publish(ModuleEvents.TOPIC, below ? ModuleEvents.BALANCE_LOW : ModuleEvents.BALANCE_RESTORED,
                    moduleId.toString(), new ModuleEvents.BalanceData(moduleId.toString(), module.name,
                            module.department, balance.balance(), module.minimalBalance, balance.currency()));
            if (below) {
                Log.warnf("Module %s '%s': upstream balance %s %s is below the minimum %s; department '%s' alerted",
                        moduleId, module.name, balance.balance().toPlainString(), balance.currency(),
                        module.minimalBalance.toPlainString(), module.department);
            } else {
                Log.infof("Module %s '%s': upstream balance %s %s is back above the minimum", moduleId, module.name,
                        balance.balance().toPlainString(), balance.currency());
            }
        }
        return reading;
    }

    /**
     * Renewals of this module held back for its balance (provisioning actions in status WAITING) are due again now
     * that a reading is at or above the minimal balance; the provisioning dispatcher picks them up.
     */
    private static void releaseWaitingRenewals(ProcessingModule module, Instant now) {
        int released = Panache.getEntityManager().createNativeQuery("""
                UPDATE provisioning_action SET status = 'PENDING', next_attempt_at = ?1, updated_at = ?1
                WHERE processing_module_id = ?2 AND status = 'WAITING'""")
                .setParameter(1, now).setParameter(2, module.id).executeUpdate();
        if (released > 0) {
            Log.infof("Module %s '%s': balance is enough again; %d renewal(s) waiting for it are due now", module.id,
                    module.name, released);
        }
    }

    private ModuleBalance recordFailure(UUID moduleId, String error) {
        ModuleBalance reading = reading(moduleId);
        reading.checkedAt = Instant.now(clock);
        reading.error = error.length() > 500 ? error.substring(0, 500) : error;
        persistIfNew(reading);
        return reading;
    }

    /**
     * The module's reading, locked until the transaction ends, or a new one that {@link #persistIfNew}
     * stores once its fields are set. The lock serialises replicas that read the same balance at once:
     * the second sees the first one's side of the minimum, so a crossing alerts once.
     */
    private static ModuleBalance reading(UUID moduleId) {
        ModuleBalance reading = ModuleBalance.findById(moduleId, LockModeType.PESSIMISTIC_WRITE);
        if (reading == null) {
            reading = new ModuleBalance();
            reading.moduleId = moduleId;
        }
        return reading;
    }

    private static void persistIfNew(ModuleBalance reading) {
        if (!reading.isPersistent()) {
            reading.persist();
        }
    }
}
