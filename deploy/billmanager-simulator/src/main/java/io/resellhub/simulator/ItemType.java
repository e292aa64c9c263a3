package io.resellhub.simulator;

import java.util.Optional;

/** The upstream item types the simulator sells, with the product parameters each one is ordered with. */
enum ItemType {
    /** ISPsystem licenses: ordered for a server {@code ip}, optional {@code hostname}. */
    SOFT("soft"),
    /** License modules: ordered for a {@code parent} license service. */
    SOFTMODULE("softmodule"),
    /** SSL certificates: ordered for a {@code domain}, optional {@code approver_email} and {@code csr}. */
    CERTIFICATE("certificate");

    private final String code;

    ItemType(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }

    static Optional<ItemType> fromCode(String code) {
        for (ItemType type : values()) {
            if (type.code.equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
