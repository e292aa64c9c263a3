package io.resellhub.module.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last reading of a module's upstream balance, or why it could not be read. */
@Entity
@Table(name = "module_balance")
public class ModuleBalance extends PanacheEntityBase {

    @Id
    @Column(name = "module_id")
    public UUID moduleId;

    public BigDecimal balance;

    public String currency;

    @Column(name = "below_minimum")
    public boolean belowMinimum;

    @Column(name = "checked_at")
    public Instant checkedAt;

    /** Set when the last check failed; the previous balance is kept. */
    public String error;
}
