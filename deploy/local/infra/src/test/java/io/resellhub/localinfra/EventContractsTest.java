package io.resellhub.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The schemas themselves: every event type has one that loads, accepts a good event and refuses a bad one. */
class EventContractsTest {

    private static final String TARIFF = """
            {"id":"0b0e8f59-8a4b-4b53-9a3f-6d1b1a8b2c01","type":"tariff.imported","source":"tariff-service",
             "subject":"4f7c1f3e-9f5e-4c1e-8d7a-2f9b1c3d4e5f","time":"2026-12-02T05:55:00.123Z","dataVersion":1,
             "data":{"id":"4f7c1f3e-9f5e-4c1e-8d7a-2f9b1c3d4e5f","processingModuleId":"9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
              "upstreamTariffId":"42","productType":"ssl-certificate","name":"PositiveSSL","provider":"My Company",
              "prices":[{"period":12,"amount":"10.00","currency":"USD","upstreamCost":"10.00"}],
              "upstreamAvailable":true,"upstreamRemoved":false,"belowCost":false,"version":0,"allowBelowCost":false}}""";

    @Test
    void everyEventTypeHasASchemaThatLoads() throws IOException, URISyntaxException {
        URI dir = getClass().getClassLoader().getResource("event-schemas").toURI();
        List<String> types;
        // The schemas come from the commons jar in a reactor build.
        try (FileSystem jar = dir.getScheme().equals("jar") ? FileSystems.newFileSystem(dir, Map.of()) : null;
                Stream<Path> files = Files.list(Path.of(dir))) {
            types = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.equals("envelope.json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        }
        assertEquals(List.of("order.activated", "order.closed", "order.failed", "processing-module.balance-low",
                "processing-module.balance-restored", "processing-module.created", "processing-module.deleted",
                "processing-module.updated", "provisioning.failed", "provisioning.requested", "provisioning.succeeded",
                "provisioning.waiting", "tariff.disabled", "tariff.enabled", "tariff.imported", "tariff.updated", "tariff.upstream-changed"), types);
        for (String type : types) {
            // An event of each type with an empty data object: the schema loads, and refuses it.
            AssertionError refused = assertThrows(AssertionError.class, () -> EventContracts.check(TARIFF
                    .replace("tariff.imported", type).replaceAll("\"data\":\\{.*", "\"data\":{}}")));
            assertTrue(refused.getMessage().contains("required"), refused.getMessage());
        }
    }

    @Test
    void aCompleteEventPasses() {
        EventContracts.check(TARIFF);
    }

    @Test
    void theVersionIsPartOfTheContract() {
        assertRefused(TARIFF.replace("\"version\":0,", ""), "version");
        assertRefused(TARIFF.replace("\"version\":0", "\"version\":-1"), "version");
        assertRefused(TARIFF.replace("\"dataVersion\":1", "\"dataVersion\":2"), "dataVersion");
    }

    @Test
    void fieldsTypesAndFormatsAreChecked() {
        assertRefused(TARIFF.replace("\"amount\":\"10.00\"", "\"amount\":10.00"), "amount");
        assertRefused(TARIFF.replace("\"source\":\"tariff-service\"", "\"source\":\"module-service\""), "source");
        assertRefused(TARIFF.replace("\"subject\":\"4f7c1f3e", "\"subject\":\"x4f7c1f3e"), "subject");
        assertRefused(TARIFF.replace("\"time\":\"2026-12-02T05:55:00.123Z\"", "\"time\":\"yesterday\""), "time");
        // An undocumented field (a password, say) is refused: the schema must be extended first.
        assertRefused(TARIFF.replace("\"name\":\"PositiveSSL\"", "\"name\":\"PositiveSSL\",\"password\":\"x\""), "password");
    }

    @Test
    void anEventWithoutAContractIsRefused() {
        assertRefused(TARIFF.replace("tariff.imported", "tariff.renamed"), "No contract");
    }

    private static void assertRefused(String event, String mentioning) {
        AssertionError refused = assertThrows(AssertionError.class, () -> EventContracts.check(event));
        assertTrue(refused.getMessage().contains(mentioning), refused.getMessage());
    }
}
