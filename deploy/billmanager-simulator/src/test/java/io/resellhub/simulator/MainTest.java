package io.resellhub.simulator;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @Test
    void parsesTheDocumentedFlags() {
        SimulatorConfig config = Main.parse(new String[] {"--port", "8091", "--plans", "10000", "--seed", "7",
                "--username", "reseller", "--password", "s3cret", "--balance", "250.50", "--currency", "eur",
                "--single-object-lists", "--certificate-delay", "500ms", "--session-timeout=10m", "--hang", "5s",
                "--bind", "0.0.0.0", "--lang", "en", "--zone", "UTC", "--quiet"}, null);
        assertEquals(8091, config.port());
        assertEquals(10_000, config.plans());
        assertEquals(7, config.seed());
        assertEquals("reseller", config.username());
        assertEquals("s3cret", config.password());
        assertEquals(new BigDecimal("250.50"), config.balance());
        assertEquals("EUR", config.currency());
        assertTrue(config.singleElementListsAsObject());
        assertEquals(Duration.ofMillis(500), config.certificateDelay());
        assertEquals(Duration.ofMinutes(10), config.sessionTimeout());
        assertEquals(Duration.ofSeconds(5), config.hangDuration());
        assertEquals("0.0.0.0", config.host());
        assertEquals("en", config.defaultLang());
        assertEquals(ZoneId.of("UTC"), config.zone());
        assertFalse(config.logCalls());
    }

    @Test
    void defaultsAndEnvironmentPassword() {
        SimulatorConfig config = Main.parse(new String[0], "from-env");
        assertEquals(8090, config.port());
        assertEquals(200, config.plans());
        assertEquals("demo", config.username());
        assertEquals("from-env", config.password());
        assertEquals(Duration.ofSeconds(2), config.certificateDelay());
        assertEquals(Duration.ofSeconds(60), config.hangDuration());
        assertEquals(Duration.ofSeconds(3600), config.sessionTimeout());
        assertEquals("demo-password", Main.parse(new String[0], null).password());
    }

    @Test
    void rejectsBadFlags() {
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--frobnicate", "1"}, null));
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--port"}, null));
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--port", "x"}, null));
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--hang", "soon"}, null));
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--zone", "Mars/Base"}, null));
        assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--username", "a:b"}, null));
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(2), Main.parseDuration("2s"));
        assertEquals(Duration.ofSeconds(2), Main.parseDuration("2"));
        assertEquals(Duration.ofMillis(1500), Main.parseDuration("1.5"));
        assertEquals(Duration.ofMillis(250), Main.parseDuration("250ms"));
        assertEquals(Duration.ofHours(1), Main.parseDuration("1h"));
        assertEquals(Duration.ofSeconds(2), Main.parseDuration("PT2S"));
    }

    @Test
    void configToStringHidesThePassword() {
        String text = SimulatorConfig.defaults().withCredentials("demo", "top-secret-42").toString();
        assertFalse(text.contains("top-secret-42"), text);
        assertTrue(text.contains("password=***"));
    }

    @Test
    void callLogNeverShowsCredentialsOrSessionIds() throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        String session;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (BillmanagerSimulator sim = BillmanagerSimulator.start(TestSimulators.config(MutableClock.at(TestSimulators.START))
                .withCredentials("demo", "pa55-w0rd-xyz").withLogCalls(true))) {
            SimClient client = new SimClient(sim);
            session = Answer.parse(DocFormat.JSON, client.post("func", "auth", "out", "json",
                    "username", "demo", "password", "pa55-w0rd-xyz").body()).child("auth").attr("id");
            client.post("func", "whoami", "auth", session);
            client.get("func", "account", "authinfo", "demo:pa55-w0rd-xyz");
            client.post("func", "whoami", "authinfo", "demo:wrong-guess-123");
            client.post("func", "pa55-w0rd-xyz secret", "authinfo", "demo:pa55-w0rd-xyz");
            client.admin("GET", "/state", null);
        } finally {
            System.setOut(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("func=whoami out=xml -> ok"), log);
        assertTrue(log.contains("func=account"), log);
        assertTrue(log.contains("error auth/badpassword"), log);
        assertTrue(log.contains("func=(invalid)"), log);
        assertTrue(log.contains("admin GET /_sim/state -> 200"), log);
        assertEquals(6, log.lines().count(), "one line per call: " + log);
        for (String secret : new String[] {"pa55-w0rd-xyz", "wrong-guess-123", session, "authinfo", "demo:"}) {
            assertFalse(log.contains(secret), "log leaks " + secret + ":\n" + log);
        }
    }
}
