package io.resellhub.reselling.rest;

import java.util.Currency;
import java.util.List;

import io.resellhub.commons.api.OrderDtos.ActionDto;
import io.resellhub.commons.api.OrderDtos.LastAction;
import io.resellhub.commons.api.OrderDtos.OrderDto;
import io.resellhub.commons.money.Money;
import io.resellhub.reselling.domain.CustomerOrder;

/** An order as the API shows it. */
final class OrderMapper {

    private OrderMapper() {
    }

    static OrderDto toDto(CustomerOrder o, List<ActionDto> actions) {
        return new OrderDto(o.id.toString(), o.tariffId.toString(), o.period, o.customerRef, o.status.code(),
                o.upstreamServiceId, o.licenseKey, o.expiresAt, o.failureReason,
                new LastAction(o.lastAction, o.lastActionStatus.code(), o.lastActionError), o.createdAt, o.updatedAt,
                o.productType, o.processingModuleId.toString(), o.params,
                Money.plain(o.amount, Currency.getInstance(o.currency.trim())),
                o.currency.trim(), o.version, actions);
    }
}
