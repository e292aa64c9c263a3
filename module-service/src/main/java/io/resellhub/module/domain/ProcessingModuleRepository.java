package io.resellhub.module.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ProcessingModuleRepository implements PanacheRepositoryBase<ProcessingModule, UUID> {

    public Optional<ProcessingModule> findActive(UUID id) {
        return find("id = ?1 and deletedAt is null", id).firstResultOptional();
    }

    public List<ProcessingModule> listActive(int page, int size) {
        return find("deletedAt is null", Sort.by("sort").and("name").and("id"))
                .page(Page.of(page, size)).list();
    }

    public long countActive() {
        return count("deletedAt is null");
    }

    public List<ProcessingModule> allActive() {
        return list("deletedAt is null", Sort.by("sort").and("id"));
    }

    /** Another live module attached to the same upstream account for the same product type, if any. */
    public Optional<ProcessingModule> findSameAccount(ProductType productType, String url, String username, UUID exceptId) {
        return find("productType = ?1 and integrationUrl = ?2 and lower(integrationUsername) = lower(?3)"
                + " and deletedAt is null and id <> ?4", productType, url, username, exceptId).firstResultOptional();
    }
}
