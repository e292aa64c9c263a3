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
import jakarta.persistence.Transient;
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

    /** Stored copy of {@link #isBelowCost()}, refreshed by {@link #refreshBelowCost()} whenever prices or costs change. */
    @Column(name = "below_cost")
    public boolean belowCost;

    /**
     * The reseller chose to sell below cost: set by an edit with {@code allowBelowCost}, cleared by an edit
     * without it; also set (like {@link #status}, without a version bump) when it was enabled with it.
     */
    @Column(name = "allow_below_cost")
    public boolean allowBelowCost;

    /** Why the system took the tariff off sale; null when the reseller disabled it. Projected like {@link #status}. */
    @Column(name = "disabled_reason", insertable = false, updatable = false)
    public String disabledReason;

    @ElementCollection
    @CollectionTable(name = "tariff_price", joinColumns = @JoinColumn(name = "tariff_id"))
    @OrderBy("period")
    @BatchSize(size = 500)
    public List<TariffPrice> prices = new ArrayList<>();

    /**
     * The further modules that serve it (table {@code tariff_module}); not mapped: {@link TariffStore} reads and
     * writes them where they matter (events, imports, the modules endpoint).
     */
    @Transient
    public List<ServingModule> servingModules = new ArrayList<>();

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The margin rule, in one place: any period sold below its upstream cost. */
    public boolean isBelowCost() {
        return prices.stream().anyMatch(TariffPrice::isBelowCost);
    }

    /** Recomputes {@link #belowCost}; returns whether it changed. */
    public boolean refreshBelowCost() {
        boolean now = isBelowCost();
        boolean changed = now != belowCost;
        belowCost = now;
        return changed;
    }

    public boolean isEnabled() {
        return TariffStatus.ENABLED.code().equals(status);
    }

    /** The price of a period, or null when the tariff does not sell it. */
    public TariffPrice price(int period) {
        for (TariffPrice price : prices) {
            if (price.period == period) {
                return price;
            }
        }
        return null;
    }

    /** Adds the price of a period the tariff did not sell, keeping {@link #prices} in period order. */
    public void addPrice(TariffPrice price) {
        int at = 0;
        while (at < prices.size() && prices.get(at).period < price.period) {
            at++;
        }
        prices.add(at, price);
    }

    @Override
    public String toString() {
        return "Tariff[" + id + ", " + name + ", module " + processingModuleId + ", upstream " + upstreamTariffId + "]";
    }
}
