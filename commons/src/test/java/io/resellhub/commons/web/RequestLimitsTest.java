package io.resellhub.commons.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Query components are decoded strictly: what is not UTF-8 is refused rather than guessed. */
class RequestLimitsTest {

    @Test
    void decodesPercentEscapesAndPlusAsUtf8() {
        assertEquals("café au lait", RequestLimits.decode("caf%C3%A9+au%20lait"));
        assertEquals("\0", RequestLimits.decode("%00"));
        assertEquals("", RequestLimits.decode(""));
    }

    @Test
    void refusesBytesThatAreNotUtf8AndBrokenEscapes() {
        assertNull(RequestLimits.decode("%FF%FE"));
        assertNull(RequestLimits.decode("%C3%28"));
        assertNull(RequestLimits.decode("%E2%82"));
        assertNull(RequestLimits.decode("%G1"));
        assertNull(RequestLimits.decode("abc%2"));
    }
}
