package io.resellhub.simulator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One upstream service (an order), as the simulator holds it at the moment of the snapshot.
 *
 * @param id         upstream service id
 * @param itemtype   {@code soft}, {@code softmodule} or {@code certificate}
 * @param pricelist  the plan id it was ordered from
 * @param period     period code it runs on (the last ordered or renewed one)
 * @param status     1 ordered, 2 active, 3 stopped, 4 deleted, 5 processing
 * @param note       the {@code note} given with the order (our order id), or null
 * @param name       display name (ip or hostname, plan name, or domain)
 * @param createdate upstream local date of the order
 * @param expiredate upstream local date it runs until; null for lifetime services
 * @param cost       cost of its last order or renewal, in the plan's currency
 * @param currency   the plan's currency
 * @param params     the product parameters sent with the order (ip, hostname, parent, domain, ...)
 */
public record ServiceSnapshot(String id, String itemtype, String pricelist, int period, int status, String note,
                              String name, LocalDate createdate, LocalDate expiredate, BigDecimal cost,
                              String currency, Map<String, String> params) {

    public static final int ORDERED = 1;
    public static final int ACTIVE = 2;
    public static final int STOPPED = 3;
    public static final int DELETED = 4;
    public static final int PROCESSING = 5;

    public ServiceSnapshot {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }
}
