package io.resellhub.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service of the account, mutable inside {@link Services}; the outside sees {@link ServiceSnapshot}s. */
final class Service {

    final String id;
    final ItemType type;
    final String pricelist;
    final String note;
    final String name;
    final LocalDate createdate;
    final String currency;
    final String licensekey;
    final Map<String, String> params;
    int period;
    int status;
    LocalDate expiredate;
    BigDecimal cost;
    /** When a processing certificate becomes active; null once settled or cancelled. */
    Instant activatesAt;

    Service(String id, ItemType type, String pricelist, int period, int status, String note, String name,
            LocalDate createdate, LocalDate expiredate, BigDecimal cost, String currency, String licensekey,
            Map<String, String> params, Instant activatesAt) {
        this.id = id;
        this.type = type;
        this.pricelist = pricelist;
        this.period = period;
        this.status = status;
        this.note = note;
        this.name = name;
        this.createdate = createdate;
        this.expiredate = expiredate;
        this.cost = cost;
        this.currency = currency;
        this.licensekey = licensekey;
        this.params = new LinkedHashMap<>(params);
        this.activatesAt = activatesAt;
    }

    /** What a certificate's {@code certificate_status} says for each service status. */
    String certificateStatus() {
        switch (status) {
            case ServiceSnapshot.PROCESSING:
            case ServiceSnapshot.ORDERED:
                return "pending";
            case ServiceSnapshot.DELETED:
                return "revoked";
            default:
                return "issued";
        }
    }

    ServiceSnapshot snapshot() {
        return new ServiceSnapshot(id, type.code(), pricelist, period, status, note, name, createdate, expiredate,
                cost, currency, params);
    }
}
