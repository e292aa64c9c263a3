package io.resellhub.commons.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.resellhub.commons.money.Money;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the tariff catalog API. Money is a string with its currency. */
public final class TariffDtos {

    public static final String PRODUCT_TYPES = ProcessingModuleDtos.PRODUCT_TYPES;
    public static final String PRODUCT_TYPE_MESSAGE = ProcessingModuleDtos.PRODUCT_TYPE_MESSAGE;

    private TariffDtos() {
    }

    public record ImportRequest(
            @NotNull UUID processingModuleId,
            @NotBlank @Pattern(regexp = PRODUCT_TYPES, message = PRODUCT_TYPE_MESSAGE) String productType,
            @Size(max = 20000, message = "at most 20000 ids; omit the list to import all") List<
                    @NotBlank(message = "must be an upstream plan id") @Size(max = 100) String> upstreamTariffIds,
            @Size(max = 200) String provider,
            Boolean dryRun) {
    }

    public record PriceEdit(
            @NotNull Integer period,
            @NotNull
            @DecimalMin(value = "0", message = "must be 0 or more")
            @Digits(integer = 15, fraction = 4, message = "must have at most 4 decimals")
            @Schema(type = SchemaType.STRING, pattern = Money.API_PATTERN, examples = "100.00") BigDecimal amount) {
    }

    public record TariffEdit(
            @NotNull(message = "is required: send the version you read") Long version,
            @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
            @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
            @Size(max = 100) List<@NotNull @Valid PriceEdit> prices,
            Boolean allowBelowCost) {
    }

    @Schema(requiredProperties = {"period", "amount", "currency"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PriceView(int period, String amount, String currency, String upstreamCost) {
    }

    @Schema(requiredProperties = {"id", "name", "productType", "processingModuleId", "upstreamTariffId", "status",
            "version", "prices", "upstreamAvailable", "upstreamRemoved", "belowCost", "allowBelowCost", "createdAt",
            "updatedAt"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TariffView(String id, String name, String productType, String provider, String processingModuleId,
            String upstreamTariffId, String status, long version, List<PriceView> prices, boolean upstreamAvailable,
            boolean upstreamRemoved, boolean belowCost, boolean allowBelowCost, String disabledReason,
            Instant createdAt, Instant updatedAt) {
    }

    /** One module that serves a tariff with its upstream plan; {@code importedFrom}: the module it was imported from. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(requiredProperties = {"processingModuleId", "upstreamTariffId", "importedFrom"})
    public record ServingModuleView(String processingModuleId, String upstreamTariffId, boolean importedFrom) {
    }

    /** {@code GET /tariffs/{id}/modules}: every module that may serve the tariff's orders. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(requiredProperties = {"tariffId", "version", "modules"})
    public record TariffModulesView(String tariffId, long version, List<ServingModuleView> modules) {
    }

    public record ServingModuleChoice(
            @NotNull(message = "is required") UUID processingModuleId,
            @NotBlank(message = "is required") @Size(max = 100) String upstreamTariffId) {
    }

    /** {@code PUT /tariffs/{id}/modules}: the whole list, the module the tariff was imported from included. */
    public record TariffModulesEdit(
            @NotNull(message = "is required: send the version you read") Long version,
            @NotNull(message = "is required")
            @Size(min = 1, max = 20, message = "must hold 1 to 20 modules") List<@NotNull @Valid ServingModuleChoice> modules) {
    }

    @Schema(requiredProperties = {"period"})
    public record UpstreamPriceView(int period, String amount, String currency) {
    }

    @Schema(requiredProperties = {"upstreamId", "name", "available", "prices", "imported"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UpstreamTariffView(String upstreamId, String name, String productType, boolean available,
            List<UpstreamPriceView> prices, boolean imported, String tariffId) {
    }

    @Schema(requiredProperties = {"message"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobError(String upstreamId, String tariffId, String message) {
    }

    @Schema(requiredProperties = {"id", "kind", "status", "processingModuleId", "total", "processed", "created",
            "updated", "unchanged", "removed", "failed", "attempts", "createdAt"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ImportJobView(String id, String kind, String status, String processingModuleId, String productType,
            int total, int processed, int created, int updated, int unchanged, int removed, int failed,
            List<JobError> errors, int attempts, Instant createdAt, Instant startedAt, Instant finishedAt) {
    }

    @Schema(requiredProperties = {"upstreamId"})
    public record CreationView(String upstreamId, String name) {
    }

    @Schema(requiredProperties = {"upstreamId", "tariffId", "period"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CostChangeView(String upstreamId, String tariffId, int period, String oldCost, String newCost,
            String currency) {
    }

    @Schema(requiredProperties = {"upstreamId", "tariffId"})
    public record RemovalView(String upstreamId, String tariffId) {
    }

    @Schema(requiredProperties = {"create", "costChanges", "removedUpstream", "warnings"})
    public record DryRunView(List<CreationView> create, List<CostChangeView> costChanges,
            List<RemovalView> removedUpstream, List<JobError> warnings) {
    }
}
