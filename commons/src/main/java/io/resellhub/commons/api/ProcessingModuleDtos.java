package io.resellhub.commons.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.resellhub.commons.money.Money;

/** Request and response bodies of the processing-module API. Passwords are accepted, never returned. */
public final class ProcessingModuleDtos {

    public static final String PRODUCT_TYPES = "ispsystem-license|ispsystem-module|ssl-certificate";
    public static final String PRODUCT_TYPE_MESSAGE = "must be one of ispsystem-license, ispsystem-module, ssl-certificate";
    public static final String URL = "(?i)https?://[^\\s/?#@]+(:[0-9]{1,5})?([/?#]\\S*)?";
    public static final String URL_MESSAGE = "must be an absolute http(s) URL such as https://my.example.com/billmgr";
    public static final String ONE_ACCOUNT_NOTICE = "One upstream BILLmanager account must serve one reselling"
            + " installation only: sharing it with another installation mixes up services, notifications and balances.";

    private ProcessingModuleDtos() {
    }

    public record NewIntegration(
            @NotBlank @Size(max = 500) @Pattern(regexp = URL, message = URL_MESSAGE) String url,
            @NotBlank @Size(max = 200) String username,
            @NotBlank @Size(max = 200) String password) {

        @Override
        public String toString() {
            return "Integration[" + url + ", " + username + "]";
        }
    }

    /** On update the password may be omitted: the stored one is kept. */
    public record IntegrationUpdate(
            @NotBlank @Size(max = 500) @Pattern(regexp = URL, message = URL_MESSAGE) String url,
            @NotBlank @Size(max = 200) String username,
            @Size(min = 1, max = 200) String password) {

        @Override
        public String toString() {
            return "Integration[" + url + ", " + username + "]";
        }
    }

    public record ConnectionCheckRequest(
            @NotBlank @Pattern(regexp = "billmanager5", message = "must be billmanager5") String moduleType,
            @NotNull @Valid NewIntegration integration) {
    }

    @Schema(requiredProperties = {"ok"})
    public record ConnectionCheckResult(boolean ok, String account, String balance, String currency) {
    }

    public record NewProcessingModule(
            @NotBlank @Pattern(regexp = PRODUCT_TYPES, message = PRODUCT_TYPE_MESSAGE) String productType,
            @NotBlank @Pattern(regexp = "billmanager5", message = "must be billmanager5") String moduleType,
            @NotNull @Valid NewIntegration integration,
            @NotBlank @Size(max = 100) String name,
            @Size(max = 100) String dataCenter,
            @Size(max = 100) String department,
            Integer sort,
            @DecimalMin(value = "0", message = "must be 0 or more")
            @Digits(integer = 15, fraction = 4, message = "must have at most 4 decimals")
            @Schema(type = SchemaType.STRING, pattern = Money.API_PATTERN, examples = "100.00") BigDecimal minimalBalance) {
    }

    public record ProcessingModuleUpdate(
            @NotNull(message = "is required: send the version you read") Long version,
            @NotBlank @Pattern(regexp = PRODUCT_TYPES, message = PRODUCT_TYPE_MESSAGE) String productType,
            @NotBlank @Pattern(regexp = "billmanager5", message = "must be billmanager5") String moduleType,
            @NotNull @Valid IntegrationUpdate integration,
            @NotBlank @Size(max = 100) String name,
            @Size(max = 100) String dataCenter,
            @Size(max = 100) String department,
            Integer sort,
            @DecimalMin(value = "0", message = "must be 0 or more")
            @Digits(integer = 15, fraction = 4, message = "must have at most 4 decimals")
            @Schema(type = SchemaType.STRING, pattern = Money.API_PATTERN, examples = "100.00") BigDecimal minimalBalance) {
    }

    @Schema(requiredProperties = {"url", "username"})
    public record IntegrationView(String url, String username) {
    }

    @Schema(requiredProperties = {"id", "productType", "moduleType", "integration", "name", "sort", "version",
            "createdAt", "updatedAt", "notice"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProcessingModuleView(
            String id,
            String productType,
            String moduleType,
            IntegrationView integration,
            String name,
            String dataCenter,
            String department,
            int sort,
            String minimalBalance,
            String currency,
            long version,
            Instant createdAt,
            Instant updatedAt,
            String notice) {
    }

    @Schema(requiredProperties = {"belowMinimum"})
    public record BalanceView(String balance, String currency, String minimalBalance, boolean belowMinimum,
            Instant checkedAt, String error) {
    }

    @Schema(requiredProperties = {"id", "kind", "createdAt"})
    public record AlertView(String id, String kind, String department, String balance, String minimalBalance,
            String currency, String tariffId, String reason, Instant createdAt) {
    }

    @Schema(requiredProperties = {"code", "name"})
    public record ProductTypeView(String code, String name) {
    }

    @Schema(requiredProperties = {"code", "name", "integrationFields"})
    public record ModuleTypeView(String code, String name, List<String> integrationFields) {
    }

}
