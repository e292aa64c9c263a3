package io.resellhub.module.messaging;

import java.math.BigDecimal;

import io.resellhub.module.domain.ProcessingModule;

/** Events of the {@code processing-modules} topic. They describe a module, never its password. */
public final class ModuleEvents {

    public static final String TOPIC = "processing-modules";
    public static final String CREATED = "processing-module.created";
    public static final String UPDATED = "processing-module.updated";
    public static final String DELETED = "processing-module.deleted";
    public static final String BALANCE_LOW = "processing-module.balance-low";
    public static final String BALANCE_RESTORED = "processing-module.balance-restored";

    private ModuleEvents() {
    }

    /** Data (version 1) of created, updated and deleted. */
    public record ModuleData(String id, String productType, String moduleType, String name, String dataCenter,
            String department, int sort, BigDecimal minimalBalance, String currency, String integrationUrl,
            String integrationUsername, long version, boolean deleted) {
    }

    /** Data (version 1) of balance-low and balance-restored. */
    public record BalanceData(String id, String name, String department, BigDecimal balance,
            BigDecimal minimalBalance, String currency) {
    }

    public static ModuleData of(ProcessingModule m) {
        return new ModuleData(m.id.toString(), m.productType.code(), m.moduleType.code(), m.name, m.dataCenter,
                m.department, m.sort, m.minimalBalance, m.currency, m.integrationUrl, m.integrationUsername,
                m.version, m.isDeleted());
    }
}
