package io.resellhub.module.provisioning;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.resellhub.commons.persistence.StringMapJson;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One provisioning action and where it stands; the entity refuses moves out of a final state. */
@Entity
@Table(name = "provisioning_action")
public class ProvisioningAction extends PanacheEntityBase {

    /** WAITING: a renewal held back while its module's balance is below the minimal balance (not final). */
    public enum Status {
        RUNNING, PENDING, ACTIVATING, SUCCEEDED, FAILED, WAITING;

        boolean isFinal() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    @Id
    @Column(name = "action_id")
    public UUID actionId;

    /** The order in which actions were requested (assigned by the database). */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "order_id")
    public UUID orderId;

    public String action;

    @Column(name = "processing_module_id")
    public UUID processingModuleId;

    @Column(name = "tariff_id")
    public UUID tariffId;

    @Column(name = "upstream_tariff_id")
    public String upstreamTariffId;

    @Column(name = "product_type")
    public String productType;

    public Integer period;

    @Convert(converter = StringMapJson.class)
    @ColumnTransformer(write = "?::jsonb")
    public Map<String, String> params;

    @Column(name = "upstream_service_id")
    public String upstreamServiceId;

    /** An order's candidate modules (null: {@link #processingModuleId} alone). */
    @Convert(converter = CandidatesJson.class)
    @ColumnTransformer(write = "?::jsonb")
    public List<ProvisioningRequest.Candidate> candidates;

    @Column(name = "upstream_cost")
    public BigDecimal upstreamCost;

    /** A renewal sent even when the module's balance is below its minimal balance. */
    public boolean force;

    @Column(name = "expires_before")
    public LocalDate expiresBefore;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** The fencing token of the attempt that holds the action ({@link ProvisioningWorker#claimDue}). */
    public UUID claim;

    public int attempts;

    public int polls;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "failure_kind")
    public String failureKind;

    @Column(name = "service_status")
    public Integer serviceStatus;

    @Column(name = "expires_at")
    public LocalDate expiresAt;

    @Column(name = "license_key")
    public String licenseKey;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    static ProvisioningAction from(ProvisioningRequest r, Instant now) {
        ProvisioningAction a = new ProvisioningAction();
        a.actionId = r.actionId();
        a.orderId = r.orderId();
        a.action = r.action();
        a.processingModuleId = r.processingModuleId();
        a.tariffId = r.tariffId();
        a.upstreamTariffId = r.upstreamTariffId();
        a.productType = r.productType();
        a.period = r.period();
        a.params = r.params() == null ? Map.of() : Map.copyOf(r.params());
        a.upstreamServiceId = r.upstreamServiceId();
        a.candidates = r.candidates() == null || r.candidates().isEmpty() ? null : List.copyOf(r.candidates());
        a.upstreamCost = r.upstreamCost() == null ? null : new BigDecimal(r.upstreamCost());
        a.force = Boolean.TRUE.equals(r.force());
        a.expiresBefore = r.expiresAt() == null ? null : LocalDate.ofInstant(r.expiresAt(), ZoneOffset.UTC);
        a.status = Status.PENDING;
        a.nextAttemptAt = now;
        a.createdAt = now;
        a.updatedAt = now;
        return a;
    }

    void retryAt(Instant at, String error, Instant now) {
        requireOpen("retry");
        status = Status.PENDING;
        nextAttemptAt = at;
        lastError = truncate(error);
        updatedAt = now;
    }

    /**
     * Held back until the module's balance is enough again; this attempt changed nothing upstream, so it does not
     * count as one that may have reached it.
     */
    void waitForBalance(String reason, Instant now) {
        requireOpen("wait for balance");
        status = Status.WAITING;
        lastError = truncate(reason);
        attempts = Math.max(0, attempts - 1);
        claim = null;
        updatedAt = now;
    }

    /** A forced renewal of one waiting for balance: due now, without the balance check. */
    void forceNow(Instant now) {
        requireOpen("force");
        force = true;
        status = Status.PENDING;
        nextAttemptAt = now;
        updatedAt = now;
    }

    /** Ordered, not active yet: {@link ActivationChecks} settles it (next_attempt_at no longer matters). */
    void awaitActivation(String serviceId, int serviceStatus, Instant now) {
        requireOpen("await activation");
        status = Status.ACTIVATING;
        upstreamServiceId = serviceId;
        this.serviceStatus = serviceStatus;
        claim = null;
        polls++;
        updatedAt = now;
    }

    void succeed(String serviceId, int serviceStatus, LocalDate expiresAt, String licenseKey, Instant now) {
        requireOpen("succeed");
        status = Status.SUCCEEDED;
        upstreamServiceId = serviceId;
        this.serviceStatus = serviceStatus;
        this.expiresAt = expiresAt;
        if (licenseKey != null) {
            this.licenseKey = licenseKey;
        }
        lastError = null;
        claim = null;
        updatedAt = now;
    }

    void fail(String reason, String kind, Instant now) {
        requireOpen("fail");
        status = Status.FAILED;
        lastError = truncate(reason);
        failureKind = kind;
        claim = null;
        updatedAt = now;
    }

    boolean isFinal() {
        return status.isFinal();
    }

    private void requireOpen(String move) {
        if (status != null && status.isFinal()) {
            throw new IllegalStateException("Provisioning action " + actionId + " is " + status + ": cannot " + move);
        }
    }

    /**
     * The candidate list as JSON (jsonb). {@link Immutable}: the list is set once and
     * never changed in place (one read back cannot be), so Hibernate's snapshot keeps the reference instead of a
     * JSON round trip on every load (which showed in the worker's CPU profile).
     */
    @Immutable
    public static class CandidatesJson implements jakarta.persistence.AttributeConverter<List<ProvisioningRequest.Candidate>, String> {

        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();

        @Override
        public String convertToDatabaseColumn(List<ProvisioningRequest.Candidate> candidates) {
            try {
                return candidates == null ? null : MAPPER.writeValueAsString(candidates);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("Cannot write candidates as JSON", e);
            }
        }

        @Override
        public List<ProvisioningRequest.Candidate> convertToEntityAttribute(String json) {
            return read(json);
        }

        static List<ProvisioningRequest.Candidate> read(String json) {
            try {
                return json == null ? null : List.of(MAPPER.readValue(json, ProvisioningRequest.Candidate[].class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("Unreadable candidates in the database", e);
            }
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
