package io.resellhub.reselling.domain;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What reselling-service knows of a processing module: enough to refuse selling through a deleted one. */
@Entity
@Table(name = "module_view")
public class ModuleView extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "product_type")
    public String productType;

    public String name;

    public int sort;

    public boolean deleted;

    /** The module's own version; events carrying an older one are ignored. */
    public long version;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
