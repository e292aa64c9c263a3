package io.resellhub.module.rest;

import java.math.BigDecimal;
import java.util.Currency;

import io.resellhub.commons.api.ProcessingModuleDtos.AlertView;
import io.resellhub.commons.api.ProcessingModuleDtos.BalanceView;
import io.resellhub.commons.api.ProcessingModuleDtos.IntegrationView;
import io.resellhub.commons.api.ProcessingModuleDtos.ProcessingModuleView;
import io.resellhub.commons.api.ProcessingModuleDtos;
import io.resellhub.commons.money.Money;
import io.resellhub.module.domain.BalanceAlert;
import io.resellhub.module.domain.ModuleBalance;
import io.resellhub.module.domain.ProcessingModule;

/** Entities to API records, in one place. No view has a field that could hold a password. */
final class ProcessingModuleMapper {

    private ProcessingModuleMapper() {
    }

    static ProcessingModuleView toView(ProcessingModule m) {
        return new ProcessingModuleView(m.id.toString(), m.productType.code(), m.moduleType.code(),
                new IntegrationView(m.integrationUrl, m.integrationUsername), m.name, m.dataCenter, m.department,
                m.sort, amount(m.minimalBalance, m.currency), m.currency, m.version, m.createdAt, m.updatedAt,
                ProcessingModuleDtos.ONE_ACCOUNT_NOTICE);
    }

    static BalanceView toView(ModuleBalance b, ProcessingModule m) {
        return new BalanceView(amount(b.balance, b.currency), b.currency, amount(m.minimalBalance, b.currency),
                b.belowMinimum, b.checkedAt, b.error);
    }

    static AlertView toView(BalanceAlert a) {
        return new AlertView(a.id.toString(), a.kind.name().toLowerCase(java.util.Locale.ROOT), a.department,
                amount(a.balance, a.currency), amount(a.minimalBalance, a.currency), a.currency,
                a.tariffId == null ? null : a.tariffId.toString(), a.reason, a.createdAt);
    }

    static String amount(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        return currency == null ? amount.stripTrailingZeros().toPlainString()
                : Money.plain(amount, Currency.getInstance(currency));
    }
}
