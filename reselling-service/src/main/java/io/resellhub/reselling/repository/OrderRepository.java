package io.resellhub.reselling.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import io.resellhub.reselling.domain.CustomerOrder;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<CustomerOrder, UUID> {

    /** Orders newest first, optionally of one status and/or one customer. */
    public PanacheQuery<CustomerOrder> search(CustomerOrder.Status status, String customerRef, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (customerRef != null && !customerRef.isBlank()) {
            where.add("customerRef = :customerRef");
            params.put("customerRef", customerRef);
        }
        Sort sort = Sort.descending("createdAt", "id");
        PanacheQuery<CustomerOrder> query = where.isEmpty() ? findAll(sort)
                : find(String.join(" and ", where), sort, params);
        return query.page(Page.of(page, size));
    }
}
