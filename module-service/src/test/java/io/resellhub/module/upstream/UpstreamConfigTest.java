package io.resellhub.module.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class UpstreamConfigTest {

    @Test
    void defaultsLiveInCode() {
        UpstreamConfig config = TestConfig.defaults();

        assertEquals(Duration.ofSeconds(5), config.connectTimeout());
        assertEquals(Duration.ofSeconds(30), config.readTimeout());
        assertEquals(2, config.retry().maxRetries());
        assertEquals(Duration.ofMillis(200), config.retry().backoff());
        assertEquals(Duration.ofSeconds(2), config.retry().maxBackoff());
        assertEquals(5, config.circuitBreaker().failureThreshold());
        assertEquals(Duration.ofSeconds(30), config.circuitBreaker().delay());
        assertEquals(UpstreamConfig.AuthMode.AUTHINFO, config.authMode());
        assertEquals(UpstreamConfig.OutputFormat.JSON, config.outputFormat());
        assertEquals("en", config.lang());
        assertTrue(config.checkBeforeChange());
        assertEquals(Map.of("ispsystem-license", "soft", "ispsystem-module", "softmodule",
                "ssl-certificate", "certificate"), config.effectiveItemTypes());
    }

    @Test
    void itemTypesAreOverriddenAndExtendedByConfiguration() {
        UpstreamConfig config = TestConfig.fast()
                .with("item-types.ssl-certificate", "ssl")
                .with("item-types.vds", "vds")
                .with("auth-mode", "session")
                .with("output-format", "xml")
                .build();

        assertEquals("ssl", config.effectiveItemTypes().get("ssl-certificate"));
        assertEquals("vds", config.effectiveItemTypes().get("vds"));
        assertEquals("soft", config.effectiveItemTypes().get("ispsystem-license"));
        assertEquals(UpstreamConfig.AuthMode.SESSION, config.authMode());
        assertEquals("xml", config.outputFormat().code());

        BillmanagerClient client = new BillmanagerClient(config);
        assertEquals("ssl", client.itemType("ssl-certificate"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> client.itemType("dedicated"));
        assertTrue(unknown.getMessage().contains("module-service.upstream.item-types.dedicated"));
    }
}
