package io.resellhub.tariff.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.resellhub.commons.money.Money;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.paging.Page;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.tariff.domain.Tariff;
import io.resellhub.tariff.domain.TariffPrice;
import io.resellhub.tariff.domain.TariffStatus;
import io.resellhub.tariff.domain.TariffStore;
import io.resellhub.tariff.messaging.TariffEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;

/** Reading and editing tariffs: the reseller's name and selling prices, under optimistic locking. */
@ApplicationScoped
public class TariffService {

    private final Outbox outbox;
    private final EntityManager entityManager;
    private final TariffStore store;
    private final Clock clock;

    public TariffService(Outbox outbox, EntityManager entityManager, TariffStore store, Clock clock) {
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.store = store;
        this.clock = clock;
    }

    public record Filter(String productType, UUID processingModuleId, TariffStatus status, String text,
            boolean descending) {
    }

    public record PriceEdit(int period, BigDecimal amount) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Tariff> list(Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.productType() != null) {
            where.add("productType = :productType");
            params.put("productType", filter.productType());
        }
        if (filter.processingModuleId() != null) {
            where.add("processingModuleId = :moduleId");
            params.put("moduleId", filter.processingModuleId());
        }
        if (filter.status() != null) {
            where.add("status = :status");
            params.put("status", filter.status().code());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            where.add("(lower(name) like :text escape '\\' or lower(upstreamTariffId) = :exact)");
            String text = filter.text().strip().toLowerCase(java.util.Locale.ROOT);
            params.put("text", "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            params.put("exact", text);
        }
        Sort sort = filter.descending() ? Sort.descending("name", "id") : Sort.ascending("name", "id");
        PanacheQuery<Tariff> query = Tariff.find(String.join(" and ", where.isEmpty() ? List.of("1 = 1") : where),
                sort, params);
        List<Tariff> items = query.page(page, size).list();
        items.forEach(t -> t.prices.size());
        return new Page<>(items, page, size, query.count());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Tariff get(UUID id) {
        Tariff tariff = Tariff.<Tariff>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Tariff", id));
        tariff.prices.size();
        return tariff;
    }

    /**
     * The current state of each of {@code ids} that exists (the others left out), prices included, as committed
     * now: what reselling-service decides an enable on, since its own projection may lag a change by a moment.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Tariff> current(Collection<UUID> ids) {
        return Tariff.<Tariff>find("select distinct t from Tariff t left join fetch t.prices where t.id in ?1", ids)
                .list();
    }

    /**
     * Renames and reprices. Checks the body against the tariff (known periods) before the version, so a
     * request both invalid and stale gets 422; then 409 on a stale version; then the margin guard: an
     * enabled tariff may not be left selling any period below its upstream cost (409 {@code below-cost},
     * each such period named) unless {@code allowBelowCost}, which the tariff then shows until an edit
     * without it; then stores the change and its {@code tariff.updated} event in one transaction.
     */
    public Tariff edit(UUID id, long expectedVersion, String name, List<PriceEdit> prices, boolean allowBelowCost) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Tariff tariff = get(id);
                Map<Integer, TariffPrice> byPeriod = new HashMap<>();
                tariff.prices.forEach(p -> byPeriod.put(p.period, p));
                List<Problem.FieldError> errors = new ArrayList<>();
                Set<Integer> seen = new HashSet<>();
                for (int i = 0; i < (prices == null ? 0 : prices.size()); i++) {
                    PriceEdit edit = prices.get(i);
                    if (!byPeriod.containsKey(edit.period())) {
                        errors.add(new Problem.FieldError("prices[" + i + "].period", "unknown period " + edit.period()
                                + ": this tariff sells periods " + new java.util.TreeSet<>(byPeriod.keySet())));
                    } else if (!seen.add(edit.period())) {
                        errors.add(new Problem.FieldError("prices[" + i + "].period", "period " + edit.period()
                                + " is listed twice"));
                    }
                }
                if (!errors.isEmpty()) {
                    throw ProblemException.invalid(errors);
                }
                if (tariff.version != expectedVersion) {
                    throw ProblemException.staleVersion("Tariff", id, expectedVersion, tariff.version);
                }
                boolean changed = false;
                if (name != null && !name.strip().equals(tariff.name)) {
                    tariff.name = name.strip();
                    changed = true;
                }
                if (prices != null) {
                    for (PriceEdit edit : prices) {
                        TariffPrice price = byPeriod.get(edit.period());
                        if (price.amount.compareTo(edit.amount()) != 0) {
                            price.amount = edit.amount();
                            changed = true;
                        }
                    }
                }
                if (tariff.isEnabled() && !allowBelowCost && tariff.isBelowCost()) {
                    throw belowCost(tariff, prices);
                }
                if (tariff.allowBelowCost != allowBelowCost) {
                    tariff.allowBelowCost = allowBelowCost;
                    changed = true;
                }
                if (!changed) {
                    return tariff;
                }
                tariff.refreshBelowCost();
                tariff.updatedAt = Instant.now(clock);
                entityManager.flush();
                store.loadModules(tariff); // the event carries every module that serves it
                outbox.publish(TariffEvents.TOPIC, TariffEvents.UPDATED, id.toString(), TariffEvents.of(tariff));
                Log.infof("Tariff %s '%s' edited (version %d%s)", id, tariff.name, tariff.version,
                        tariff.belowCost ? ", below cost" + (tariff.allowBelowCost ? ", allowed" : "") : "");
                return tariff;
            });
        } catch (OptimisticLockException e) {
            throw ProblemException.conflict("stale-version", "Tariff " + id + " was changed at the same time"
                    + " (by someone else or an upstream sync); reload it and apply your change again");
        }
    }

    /** 409 naming each period left below cost: as {@code prices[i].amount} when the body set it, else {@code prices}. */
    private static ProblemException belowCost(Tariff tariff, List<PriceEdit> prices) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (TariffPrice price : tariff.prices) {
            if (!price.isBelowCost()) {
                continue;
            }
            int index = -1;
            for (int i = 0; prices != null && i < prices.size(); i++) {
                if (prices.get(i).period() == price.period) {
                    index = i;
                }
            }
            java.util.Currency currency = java.util.Currency.getInstance(tariff.currency);
            errors.add(new Problem.FieldError(index < 0 ? "prices" : "prices[" + index + "].amount", "period "
                    + price.period + " would sell at " + Money.plain(price.amount, currency) + ", below its upstream cost "
                    + Money.plain(price.upstreamCost, currency) + " " + tariff.currency));
        }
        return new ProblemException(new Problem(Problem.type("below-cost"), "Below cost", 409, "Tariff " + tariff.id
                + " is on sale: its selling prices may not fall below the upstream cost; raise them, or send"
                + " \"allowBelowCost\": true to sell below cost on purpose", null, errors));
    }
}
