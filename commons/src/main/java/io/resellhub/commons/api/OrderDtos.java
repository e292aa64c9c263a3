package io.resellhub.commons.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the order API (reselling-service). */
public final class OrderDtos {

    private OrderDtos() {
    }

    public record CreateOrder(
            @NotNull(message = "tariffId is required") UUID tariffId,
            @NotNull(message = "period is required") Integer period,
            @NotBlank(message = "customerRef is required") @Size(max = 100, message = "customerRef is at most 100 characters") String customerRef,
            @Size(max = 20, message = "params holds at most 20 entries")
            Map<@NotBlank(message = "a params key must not be blank") @Size(max = 100) String,
                    @NotNull(message = "must be a string, not null") @Size(max = 1000) String> params) {
    }

    @Schema(requiredProperties = {"status"})
    public record LastAction(String action, String status, String error) {
    }

    /** One order; {@code actions} (its history) only on {@code GET /orders/{id}}. */
    @Schema(requiredProperties = {"id", "tariffId", "period", "customerRef", "status", "lastAction", "createdAt",
            "updatedAt", "processingModuleId", "amount", "currency", "version"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OrderDto(String id, String tariffId, int period, String customerRef, String status,
            String upstreamServiceId, String licenseKey, Instant expiresAt, String failureReason, LastAction lastAction,
            Instant createdAt, Instant updatedAt, String productType, String processingModuleId,
            Map<String, String> params, String amount, String currency, long version,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<ActionDto> actions) {
    }

    @Schema(requiredProperties = {"actionId", "action", "status", "requestedAt"})
    public record ActionDto(String actionId, String action, String status, String error, Instant requestedAt,
            Instant finishedAt) {
    }
}
