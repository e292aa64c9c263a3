package io.resellhub.tariff.rest;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.resellhub.commons.api.TariffDtos.CostChangeView;
import io.resellhub.commons.api.TariffDtos.CreationView;
import io.resellhub.commons.api.TariffDtos.DryRunView;
import io.resellhub.commons.api.TariffDtos.ImportJobView;
import io.resellhub.commons.api.TariffDtos.JobError;
import io.resellhub.commons.api.TariffDtos.PriceView;
import io.resellhub.commons.api.TariffDtos.RemovalView;
import io.resellhub.commons.api.TariffDtos.ServingModuleView;
import io.resellhub.commons.api.TariffDtos.TariffModulesView;
import io.resellhub.commons.api.TariffDtos.TariffView;
import io.resellhub.commons.api.TariffDtos.UpstreamPriceView;
import io.resellhub.commons.api.TariffDtos.UpstreamTariffView;
import io.resellhub.commons.money.Money;
import io.resellhub.tariff.client.UpstreamPlan;
import io.resellhub.tariff.domain.ImportJob;
import io.resellhub.tariff.domain.Tariff;
import io.resellhub.tariff.service.ImportService;

/** Entities and service results to API records, in one place. */
final class TariffMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TariffMapper() {
    }

    static TariffView toView(Tariff t) {
        Currency currency = Currency.getInstance(t.currency);
        List<PriceView> prices = t.prices.stream().sorted(Comparator.comparingInt(p -> p.period))
                .map(p -> new PriceView(p.period, Money.plain(p.amount, currency), t.currency, money(p.upstreamCost, t.currency)))
                .toList();
        return new TariffView(t.id.toString(), t.name, t.productType, t.provider, t.processingModuleId.toString(),
                t.upstreamTariffId, t.status, t.version, prices, t.upstreamAvailable, t.upstreamRemoved, t.belowCost,
                t.allowBelowCost, t.disabledReason, t.createdAt, t.updatedAt);
    }

    static TariffModulesView toModulesView(Tariff t) {
        List<ServingModuleView> modules = new java.util.ArrayList<>();
        modules.add(new ServingModuleView(t.processingModuleId.toString(), t.upstreamTariffId, true));
        t.servingModules.forEach(m -> modules.add(new ServingModuleView(m.processingModuleId().toString(),
                m.upstreamTariffId(), false)));
        return new TariffModulesView(t.id.toString(), t.version, modules);
    }

    static UpstreamTariffView toView(ImportService.UpstreamOffer offer) {
        UpstreamPlan p = offer.plan();
        List<UpstreamPriceView> prices = p.pricesOrEmpty().stream().filter(x -> x != null && x.period() != null)
                .sorted(Comparator.comparingInt(UpstreamPlan.Price::period))
                .map(x -> new UpstreamPriceView(x.period(), money(x.cost(), p.currency()), p.currency())).toList();
        return new UpstreamTariffView(p.upstreamId(), p.name(), p.productType(), p.isAvailable(), prices,
                offer.tariffId() != null, offer.tariffId() == null ? null : offer.tariffId().toString());
    }

    static ImportJobView toView(ImportJob j) {
        return new ImportJobView(j.id.toString(), j.kind, j.status, j.processingModuleId.toString(), j.productType,
                j.total, j.processed, j.created, j.updated, j.unchanged, j.removed, j.failed, errors(j.errors), j.attempts,
                j.createdAt, j.startedAt, j.finishedAt);
    }

    static DryRunView toView(ImportService.DryRun d) {
        return new DryRunView(
                d.create().stream().map(c -> new CreationView(c.upstreamId(), c.name())).toList(),
                d.costChanges().stream().map(c -> new CostChangeView(c.upstreamId(), c.tariffId().toString(), c.period(),
                        money(c.oldCost(), c.currency()), money(c.newCost(), c.currency()), c.currency())).toList(),
                d.removedUpstream().stream().map(r -> new RemovalView(r.upstreamId(), r.tariffId().toString())).toList(),
                d.warnings().stream().map(w -> new JobError(w.upstreamId(), null, w.message())).toList());
    }

    static String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        try {
            return Money.plain(amount, Currency.getInstance(currency));
        } catch (RuntimeException e) {
            return amount.stripTrailingZeros().toPlainString();
        }
    }

    private static List<JobError> errors(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(json, JobError[].class));
        } catch (JsonProcessingException e) {
            return List.of(new JobError(null, null, json));
        }
    }
}
