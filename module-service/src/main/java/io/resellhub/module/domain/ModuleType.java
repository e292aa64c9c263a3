package io.resellhub.module.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** How a processing module talks to its upstream. Only BILLmanager 5 exists so far; it serves every product type. */
public enum ModuleType {
    BILLMANAGER5("billmanager5", "BILLmanager 5", List.of("url", "username", "password"), EnumSet.allOf(ProductType.class));

    private final String code;
    private final String title;
    private final List<String> integrationFields;
    private final Set<ProductType> productTypes;

    ModuleType(String code, String title, List<String> integrationFields, Set<ProductType> productTypes) {
        this.code = code;
        this.title = title;
        this.integrationFields = integrationFields;
        this.productTypes = productTypes;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public List<String> integrationFields() {
        return integrationFields;
    }

    public boolean serves(ProductType productType) {
        return productTypes.contains(productType);
    }

    public static Optional<ModuleType> fromCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
