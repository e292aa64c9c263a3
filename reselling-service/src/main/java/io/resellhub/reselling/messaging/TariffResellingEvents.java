package io.resellhub.reselling.messaging;

/** Events this service publishes about reselling a tariff: topic {@code reselling}, keyed by tariff id. */
public final class TariffResellingEvents {

    public static final String TOPIC = "reselling";
    public static final String ENABLED = "tariff.enabled";
    public static final String DISABLED = "tariff.disabled";

    private TariffResellingEvents() {
    }

    /** Why the system took a tariff off sale: the {@code reason} of {@code tariff.disabled}, shown as disabledReason. */
    public static final String BELOW_COST = "below-cost";
    public static final String UPSTREAM_REMOVED = "upstream-removed";
    public static final String UPSTREAM_UNAVAILABLE = "upstream-unavailable";
    public static final String MODULE_DELETED = "module-deleted";

    /**
     * Data (version 1) of {@code tariff.enabled} and {@code tariff.disabled}. {@code version} is the tariff's
     * reselling-state version (one more with every enable or disable), so consumers can ignore an older event;
     * added compatibly: {@code reason} (null when the reseller disabled it) and {@code allowBelowCost} (enabled
     * to sell below cost on purpose).
     */
    public record TariffResellingData(String tariffId, String processingModuleId, String productType, long version,
            String reason, boolean allowBelowCost) {
    }
}
