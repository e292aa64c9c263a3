package io.resellhub.module.domain;

import java.util.Arrays;
import java.util.Optional;

/** What can be resold; the codes are the public API's. */
public enum ProductType {
    ISPSYSTEM_LICENSE("ispsystem-license", "ISPsystem licenses"),
    ISPSYSTEM_MODULE("ispsystem-module", "ISPsystem modules"),
    SSL_CERTIFICATE("ssl-certificate", "SSL certificate");

    private final String code;
    private final String title;

    ProductType(String code, String title) {
        this.code = code;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public static Optional<ProductType> fromCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
