package io.resellhub.module.provisioning;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.resellhub.module.upstream.UpstreamFailureKind;
import io.resellhub.module.upstream.UpstreamRejectedException;
import io.resellhub.module.upstream.UpstreamUnavailableException;

/** Which failures let an order move on to the next module: only those that say for certain nothing was ordered. */
class OrderRoutingTest {

    @Test
    void moneyAndUnavailablePlanRefusalsAndFailuresBeforeSendingMoveOn() {
        assertTrue(OrderRouting.nothingOrdered(new UpstreamRejectedException(UpstreamFailureKind.INSUFFICIENT_BALANCE,
                "money", "cannot pay", "Insufficient funds", null)));
        assertTrue(OrderRouting.nothingOrdered(new UpstreamRejectedException(UpstreamFailureKind.PLAN_UNAVAILABLE,
                "unavailable", "plan unavailable", null, null)));
        assertTrue(OrderRouting.nothingOrdered(new UpstreamUnavailableException(UpstreamFailureKind.UNREACHABLE,
                "connection refused", true, false, null)));
        assertTrue(OrderRouting.nothingOrdered(new UpstreamUnavailableException(UpstreamFailureKind.CIRCUIT_OPEN,
                "breaker open", true, false, null)));
    }

    @Test
    void failuresThatMayHaveReachedTheUpstreamOrThatWouldRepeatStayWithTheModule() {
        assertFalse(OrderRouting.nothingOrdered(new UpstreamUnavailableException(UpstreamFailureKind.TIMEOUT,
                "read timed out", true, true, null)), "the order may have been placed");
        assertFalse(OrderRouting.nothingOrdered(new UpstreamUnavailableException(UpstreamFailureKind.UNREACHABLE,
                "connection lost", true, true, null)), "the order may have been placed");
        assertFalse(OrderRouting.nothingOrdered(new UpstreamRejectedException(UpstreamFailureKind.VALIDATION,
                "value", "bad domain", null, "domain")), "another module would refuse the same parameters");
        assertFalse(OrderRouting.nothingOrdered(new UpstreamRejectedException(UpstreamFailureKind.AUTHENTICATION,
                "auth", "wrong password", null, null)));
    }
}
