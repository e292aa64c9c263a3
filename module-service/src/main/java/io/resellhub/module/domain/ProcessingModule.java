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
import jakarta.persistence.Version;

/**
 * A processing module: one upstream BILLmanager account and the parameters under which this
 * installation resells one product type through it. The upstream password is only ever held
 * sealed ({@link SealedSecret}); nothing here can print it.
 */
@Entity
@Table(name = "processing_module")
public class ProcessingModule extends PanacheEntityBase {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(name = "product_type")
    public ProductType productType;

    @Enumerated(EnumType.STRING)
    @Column(name = "module_type")
    public ModuleType moduleType;

    public String name;

    @Column(name = "data_center")
    public String dataCenter;

    public String department;

    public int sort;

    @Column(name = "minimal_balance")
    public BigDecimal minimalBalance;

    /** The upstream account's currency, learned when the connection was checked. */
    public String currency;

    @Column(name = "integration_url")
    public String integrationUrl;

    @Column(name = "integration_username")
    public String integrationUsername;

    @Column(name = "password_ciphertext")
    public byte[] passwordCiphertext;

    @Column(name = "password_key_id")
    public String passwordKeyId;

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public SealedSecret sealedPassword() {
        return new SealedSecret(passwordKeyId, passwordCiphertext);
    }

    public void sealPassword(SealedSecret sealed) {
        this.passwordKeyId = sealed.keyId();
        this.passwordCiphertext = sealed.ciphertext();
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    @Override
    public String toString() {
        return "ProcessingModule[" + id + ", " + name + ", " + productType + ", " + integrationUrl + "]";
    }
}
