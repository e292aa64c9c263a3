package io.resellhub.tariff.domain;

import java.util.Locale;
import java.util.Optional;

/** Whether reselling-service sells the tariff; learned from its events. */
public enum TariffStatus {
    ENABLED, DISABLED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TariffStatus> fromCode(String code) {
        for (TariffStatus status : values()) {
            if (status.code().equals(code)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
