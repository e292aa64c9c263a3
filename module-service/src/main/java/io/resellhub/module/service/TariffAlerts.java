package io.resellhub.module.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.resellhub.module.domain.BalanceAlert;
import io.resellhub.module.domain.ProcessingModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Alerts the module's department when the system takes one of its tariffs off sale, like a balance alert. */
@ApplicationScoped
public class TariffAlerts {

    private final EntityManager entityManager;
    private final Clock clock;

    public TariffAlerts(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Records the alert on the caller's transaction (the event consumer's); a module unknown here gets none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tariffDisabled(UUID moduleId, UUID tariffId, String reason) {
        ProcessingModule module = entityManager.find(ProcessingModule.class, moduleId);
        if (module == null) {
            Log.warnf("Tariff %s of unknown module %s was taken off sale (%s); no department to alert", tariffId,
                    moduleId, reason);
            return;
        }
        BalanceAlert alert = new BalanceAlert();
        alert.id = UUID.randomUUID();
        alert.moduleId = moduleId;
        alert.department = module.department;
        alert.kind = BalanceAlert.Kind.TARIFF_DISABLED;
        alert.tariffId = tariffId;
        alert.reason = reason.length() > 40 ? reason.substring(0, 40) : reason;
        alert.createdAt = Instant.now(clock);
        alert.persist();
        Log.warnf("Module %s '%s': tariff %s was taken off sale (%s); department '%s' alerted", moduleId, module.name,
                tariffId, reason, module.department);
    }
}
