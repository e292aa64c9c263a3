package io.resellhub.module.upstream;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An upstream service (license, module, certificate) as the upstream lists or shows it. Fields the
 * upstream did not send are null ({@code status} is 0 then).
 *
 * @param id                the upstream service id
 * @param productType       OUR product type code
 * @param planId            upstream plan id ({@code pricelist})
 * @param period            the period code of the service
 * @param status            {@link #ORDERED}, {@link #ACTIVE}, {@link #STOPPED}, {@link #DELETED}, {@link #PROCESSING}
 * @param expireDate        the upstream's local expiry date
 * @param licenseKey        licenses only: the license key
 * @param note              the note; our order id for services we ordered
 * @param name              the service name
 * @param createDate        the upstream's local creation date
 * @param cost              what a renewal costs us
 * @param currency          ISO 4217 code of {@code cost}
 * @param domain            certificates only: the common name
 * @param certificateStatus certificates only: the issuing state as the upstream names it
 */
public record UpstreamService(String id, String productType, String planId, Integer period, int status,
        LocalDate expireDate, String licenseKey, String note, String name, LocalDate createDate,
        BigDecimal cost, String currency, String domain, String certificateStatus) {

    public static final int ORDERED = 1;
    public static final int ACTIVE = 2;
    public static final int STOPPED = 3;
    public static final int DELETED = 4;
    public static final int PROCESSING = 5;

    public boolean isActive() {
        return status == ACTIVE;
    }

    public boolean isDeleted() {
        return status == DELETED;
    }
}
