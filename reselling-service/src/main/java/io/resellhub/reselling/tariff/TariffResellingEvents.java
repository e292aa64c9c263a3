package io.resellhub.reselling.tariff;

/** Events this service publishes about reselling a tariff: topic {@code reselling}, keyed by tariff id. */
public final class TariffResellingEvents {

    public static final String TOPIC = "reselling";
    public static final String ENABLED = "tariff.enabled";
    public static final String DISABLED = "tariff.disabled";

    private TariffResellingEvents() {
    }

    /**
     * Data (version 1) of {@code tariff.enabled} and {@code tariff.disabled}; {@code version} is the tariff's
     * reselling-state version (one more with every enable or disable), so consumers can ignore an older event.
     */
    public record TariffResellingData(String tariffId, String processingModuleId, String productType, long version) {
    }
}
