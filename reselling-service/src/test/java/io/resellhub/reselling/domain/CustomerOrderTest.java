package io.resellhub.reselling.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.resellhub.commons.money.Money;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.reselling.repository.SellableTariffs.SellableTariff;

/** The order's side of issue 20: the serving module, and a renewal waiting for balance. */
class CustomerOrderTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final UUID own = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    private CustomerOrder placed() {
        SellableTariff tariff = new SellableTariff(UUID.randomUUID(), own, "42", "ssl-certificate", true,
                Map.of(12, Money.of("15.00", "USD")), Map.of(12, new BigDecimal("11.00")),
                List.of(new ServingModule(own, "42"), new ServingModule(other, "1042")));
        return CustomerOrder.place(tariff, 12, "c-1", Map.of("domain", "example.com"),
                Map.of("domain", "example.com"), NOW);
    }

    @Test
    void anOrderOffersEveryModuleAndRecordsTheOneThatServedIt() {
        CustomerOrder order = placed();
        assertEquals(List.of(new ServingModule(own, "42"), new ServingModule(other, "1042")), order.candidates);
        assertEquals(0, new BigDecimal("11.00").compareTo(order.upstreamCost));
        order.succeeded(order.lastActionId, other, "1042", "s-1", NOW, null, NOW);
        assertEquals(other, order.processingModuleId);
        assertEquals("1042", order.upstreamTariffId);
        assertEquals(CustomerOrder.Status.ACTIVE, order.status);
    }

    @Test
    void aRenewalWaitingForBalanceIsStillPendingUntilItIsDoneOrForced() {
        CustomerOrder order = placed();
        order.succeeded(order.lastActionId, null, null, "s-1", NOW, null, NOW);
        assertEquals(own, order.processingModuleId, "no module named: the tariff's own one stays");
        UUID renewal = order.request(CustomerOrder.RENEW, NOW);
        order.waiting(renewal, "balance 80.00 below 100.00", NOW);
        assertEquals("waiting-for-balance", order.lastActionStatus.code());
        assertEquals("balance 80.00 below 100.00", order.lastActionError);
        assertTrue(order.renewalWaitsForBalance());
        assertTrue(order.awaits(renewal), "the waiting renewal still moves the order when it is done");
        ProblemException busy = assertThrows(ProblemException.class, () -> order.request(CustomerOrder.SUSPEND, NOW));
        assertEquals(409, busy.problem().status());
        order.forced(NOW);
        assertFalse(order.renewalWaitsForBalance());
        assertEquals(CustomerOrder.ActionStatus.PENDING, order.lastActionStatus);
        assertNull(order.lastActionError);
        order.succeeded(renewal, own, null, "s-1", NOW.plusSeconds(86400), null, NOW);
        assertEquals(CustomerOrder.ActionStatus.DONE, order.lastActionStatus);
        assertEquals(NOW.plusSeconds(86400), order.expiresAt);
    }
}
