package io.resellhub.tariff.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.hibernate.annotations.BatchSize;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A tariff plan the reseller may sell: an upstream plan imported through one processing module. The
 * name and selling prices are the reseller's; upstream costs and flags follow the upstream.
 */
@Entity
@Table(name = "tariff")
public class Tariff extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "processing_module_id")
    public UUID processingModuleId;

    @Column(name = "upstream_tariff_id")
    public String upstreamTariffId;

    @Column(name = "product_type")
    public String productType;

    public String name;

    @Column(name = "upstream_name")
    public String upstreamName;

    public String provider;

    public String currency;

    /**
     * {@code enabled} or {@code disabled} ({@link TariffStatus#code()}), projected from reselling-service's
     * events by native SQL only: an edit never writes it back, and setting it does not bump the version.
     */
    @Column(name = "status", insertable = false, updatable = false)
    public String status;

    @Column(name = "upstream_available")
    public boolean upstreamAvailable;

    @Column(name = "upstream_removed")
    public boolean upstreamRemoved;

    @Column(name = "below_cost")
    public boolean belowCost;

    @ElementCollection
    @CollectionTable(name = "tariff_price", joinColumns = @JoinColumn(name = "tariff_id"))
    @OrderBy("period")
    @BatchSize(size = 500)
    public List<TariffPrice> prices = new ArrayList<>();

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Recomputes {@link #belowCost}: any period sold below its upstream cost. */
    public void refreshBelowCost() {
        belowCost = prices.stream().anyMatch(TariffPrice::isBelowCost);
    }

    @Override
    public String toString() {
        return "Tariff[" + id + ", " + name + ", module " + processingModuleId + ", upstream " + upstreamTariffId + "]";
    }
}
