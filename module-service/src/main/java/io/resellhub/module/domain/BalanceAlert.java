package io.resellhub.module.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A message for a module's department: top up the upstream account, it has recovered, or the system took
 * one of its tariffs off sale (below cost, removed or unavailable upstream, module deleted).
 */
@Entity
@Table(name = "balance_alert")
public class BalanceAlert extends PanacheEntityBase {

    public enum Kind { LOW, RESTORED, TARIFF_DISABLED }

    @Id
    public UUID id;

    @Column(name = "module_id")
    public UUID moduleId;

    public String department;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public BigDecimal balance;

    @Column(name = "minimal_balance")
    public BigDecimal minimalBalance;

    public String currency;

    @Column(name = "tariff_id")
    public UUID tariffId;

    /** Why the tariff was taken off sale ({@link Kind#TARIFF_DISABLED} only), as reselling-service said. */
    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;
}
