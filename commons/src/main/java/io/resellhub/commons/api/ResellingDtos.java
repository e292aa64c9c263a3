package io.resellhub.commons.api;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import io.resellhub.commons.problem.Problem;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of reselling-service's API: enable/disable, the storefront catalog, dead letters. */
public final class ResellingDtos {

    public static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    public static final int MAX_IDS = 1000;

    private ResellingDtos() {
    }

    /**
     * {@code ids}: 1..1000 tariff ids (UUIDs; a malformed one rejects the whole request with 422);
     * {@code versions} (optional): tariff id → the version the caller decided on, e.g. the one its PATCH
     * answered; an id whose tariff is at another version in tariff-service now is refused (409), not enabled
     * on a state the caller did not see.
     */
    public record BulkRequest(
            @NotNull(message = "ids is required")
            @Size(min = 1, max = MAX_IDS, message = "ids must hold 1 to 1000 tariff ids")
            List<@NotNull(message = "must be a tariff id") @Pattern(regexp = UUID_PATTERN,
                    message = "must be a tariff id (a UUID)") String> ids,
            Boolean allowBelowCost,
            @Size(max = MAX_IDS, message = "versions holds at most 1000 entries")
            Map<@Pattern(regexp = UUID_PATTERN, message = "must be a tariff id (a UUID)") String,
                    @NotNull(message = "must be a version number") @PositiveOrZero Long> versions) {

        public List<UUID> uuids() {
            return ids.stream().map(UUID::fromString).toList();
        }

        public Map<UUID, Long> expectedVersions() {
            Map<UUID, Long> expected = new HashMap<>();
            if (versions != null) {
                versions.forEach((id, version) -> expected.put(UUID.fromString(id), version));
            }
            return expected;
        }
    }

    @Schema(requiredProperties = {"results"})
    public record BulkResponse(List<Result> results) {
    }

    /** One id's outcome: a {@code status}, or the {@code error} it would have got alone. */
    @Schema(requiredProperties = {"id"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String id, @Schema(enumeration = {"enabled", "disabled"}) String status, Problem error) {

        public static Result ok(UUID id, String status) {
            return new Result(id.toString(), status, null);
        }

        public static Result failed(UUID id, String slug, String title, int status, String detail) {
            return new Result(id.toString(), null, new Problem(Problem.type(slug), title, status, detail, null, null));
        }
    }

    @Schema(requiredProperties = {"period", "amount", "currency"})
    public record CatalogPrice(int period, String amount, String currency) {
    }

    /** A tariff on sale; {@code prices} is {@code [{"period","amount","currency"}]}, selling prices only. */
    @Schema(requiredProperties = {"id", "name", "productType", "prices"})
    public record CatalogItem(String id, String name, String productType, String provider,
            @JsonRawValue @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                    implementation = CatalogPrice.class) String prices) {
    }

    /** One parked record of a dead-letter topic; {@code value} is the event as it was published. */
    @Schema(requiredProperties = {"partition", "offset"})
    public record ParkedEvent(int partition, long offset, Instant parkedAt, String key, String fromTopic, String reason,
            String value) {
    }

    @Schema(requiredProperties = {"topic", "items"})
    public record ParkedEvents(String topic, List<ParkedEvent> items) {
    }

    @Schema(requiredProperties = {"topic", "replayed"})
    public record Replayed(String topic, int replayed) {
    }
}
