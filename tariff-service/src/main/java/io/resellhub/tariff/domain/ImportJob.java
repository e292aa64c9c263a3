package io.resellhub.tariff.domain;

import java.time.Instant;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An import or cost-sync job. Its whole state is in this row: the runner claims it, stamps a heartbeat
 * per batch, and a job whose heartbeat went stale (its service stopped) is claimed again and re-run,
 * which is safe because the import is idempotent.
 */
@Entity
@Table(name = "tariff_import")
public class ImportJob extends PanacheEntityBase {

    public static final String IMPORT = "import";
    public static final String SYNC = "sync";

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    public UUID id;

    /** {@link #IMPORT} or {@link #SYNC}. */
    public String kind;

    @Column(name = "processing_module_id")
    public UUID processingModuleId;

    @Column(name = "product_type")
    public String productType;

    public String provider;

    /** JSON array of the chosen upstream ids; null = all of the product type. */
    @Column(name = "upstream_tariff_ids")
    public String upstreamTariffIds;

    public String status;

    public int total;
    public int processed;
    public int created;
    public int updated;
    public int unchanged;
    public int removed;
    public int failed;

    /** JSON array of {"upstreamId","tariffId","message"}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String errors;

    public String owner;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
