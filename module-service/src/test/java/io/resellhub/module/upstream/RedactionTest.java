package io.resellhub.module.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

import io.resellhub.simulator.BillmanagerSimulator;
import io.resellhub.simulator.Plan;
import io.resellhub.simulator.SimulatorConfig;

/**
 * The password (also URL-encoded, also inside {@code authinfo}) and session ids appear in no log line, at
 * any level, and in no exception message, across successes and every kind of failure.
 */
class RedactionTest {

    private static final String PASSWORD = "Sup3r secret&pass=w0rd";
    private static final String WRONG_PASSWORD = "Wr0ng-s3cret-guess";
    private static final String SESSION_ID = "SID-4f1c9a7e0b2d";

    private final List<Throwable> failures = new ArrayList<>();

    @Test
    void thePasswordAppearsInNoLogLineAndNoExceptionMessage() throws Exception {
        List<String> lines;
        try (LogCapture log = LogCapture.of(BillmanagerClient.class)) {
            againstTheSimulator("authinfo");
            againstTheSimulator("session");
            againstWireMock();
            lines = log.lines();
        }

        List<String> secrets = secrets();
        assertTrue(lines.size() > 30, "DEBUG lines were captured: " + lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("BILLmanager whoami at") && l.contains("authinfo=***")),
                "each call is logged with the credentials masked");
        assertTrue(lines.stream().anyMatch(l -> l.contains("BILLmanager auth at") && l.contains("password=***")
                && l.contains("username=demo")), "the login is logged with the username and a masked password");
        for (String line : lines) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a log line leaks a secret: " + line);
            }
        }

        assertTrue(failures.size() >= 12, "failures collected: " + failures.size());
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                for (String secret : secrets) {
                    assertFalse(String.valueOf(t.getMessage()).contains(secret), "message leaks a secret: " + t);
                    assertFalse(t.toString().contains(secret), "toString leaks a secret: " + t);
                    if (t instanceof UpstreamException) {
                        assertFalse(String.valueOf(((UpstreamException) t).upstreamMessage()).contains(secret), t.toString());
                    }
                }
            }
        }
    }

    @Test
    void aConnectionNeverPrintsItsPassword() {
        UpstreamConnection connection = new UpstreamConnection("https://x.example.com/billmgr", "demo", PASSWORD);

        assertEquals("UpstreamConnection[url=https://x.example.com/billmgr, username=demo, password=***]",
                connection.toString());
    }

    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        for (String secret : List.of(PASSWORD, WRONG_PASSWORD, SESSION_ID)) {
            secrets.add(secret);
            secrets.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        }
        secrets.add("demo:" + PASSWORD);
        return secrets;
    }

    private void expectFailure(Runnable call) {
        try {
            call.run();
            fail("expected a failure");
        } catch (UpstreamException | IllegalArgumentException e) {
            failures.add(e);
        }
    }

    private void againstTheSimulator(String authMode) {
        try (BillmanagerSimulator sim = BillmanagerSimulator.start(SimulatorConfig.defaults().withPort(0).withPlans(30)
                .withLogCalls(false).withCredentials("demo", PASSWORD))) {
            BillmanagerClient client = new BillmanagerClient(TestConfig.fast().with("auth-mode", authMode)
                    .with("read-timeout", "400ms").with("retry.max-retries", "1").build());
            UpstreamConnection good = new UpstreamConnection(sim.baseUrl(), "demo", PASSWORD);
            UpstreamConnection wrong = new UpstreamConnection(sim.baseUrl(), "demo", WRONG_PASSWORD);
            Plan plan = sim.orderablePlan("soft");
            int period = plan.shortestMonthlyPeriod().orElseThrow();

            client.whoami(good);
            client.listTariffs(good, "ispsystem-license");
            sim.failNext("soft.order.param", 1, io.resellhub.simulator.Fault.dropAfterProcessing());
            UpstreamService service = client.order(good, new UpstreamOrder("ispsystem-license", plan.id(), period,
                    Map.of("ip", "192.0.2.1"), "ord-" + UUID.randomUUID()));
            sim.failNext("service.prolong", 1, io.resellhub.simulator.Fault.dropAfterProcessing());
            client.prolong(good, "ispsystem-license", service.id(), period, service.expireDate());
            sim.expireSessions();
            client.suspend(good, "ispsystem-license", service.id());

            expectFailure(() -> client.whoami(wrong));
            expectFailure(() -> client.serviceInfo(good, "ispsystem-license", "424242"));
            sim.failNext("whoami", 2, io.resellhub.simulator.Fault.html());
            expectFailure(() -> client.whoami(good));
            sim.failNext("account", 2, io.resellhub.simulator.Fault.http500());
            expectFailure(() -> client.balance(good));
            sim.failNext("whoami", 2, io.resellhub.simulator.Fault.hang(Duration.ofSeconds(1)));
            expectFailure(() -> client.whoami(good));
            sim.failNext("soft.order.param", 1, io.resellhub.simulator.Fault.dropAfterProcessing());
            sim.failNext("soft", 1, io.resellhub.simulator.Fault.http500()); // the check before ordering: retried
            sim.failNext("soft", 2, io.resellhub.simulator.Fault.http500()); // the lookup after the drop: fails
            expectFailure(() -> client.order(good, new UpstreamOrder("ispsystem-license", plan.id(), period,
                    Map.of("ip", "192.0.2.2"), "ord-" + UUID.randomUUID())));
            sim.setBalance(java.math.BigDecimal.ZERO);
            expectFailure(() -> client.prolong(good, "ispsystem-license", service.id(), period, null));
            sim.blockAccount("blocked for " + PASSWORD); // an upstream that echoes the password back
            expectFailure(() -> client.balance(good));
        }
    }

    private void againstWireMock() throws Exception {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        try {
            String url = server.baseUrl() + "/billmgr";
            UpstreamConnection connection = new UpstreamConnection(url, "demo", PASSWORD);
            BillmanagerClient authinfo = new BillmanagerClient(TestConfig.fast().with("read-timeout", "300ms")
                    .with("retry.max-retries", "0").build());
            BillmanagerClient session = new BillmanagerClient(TestConfig.fast().with("auth-mode", "session")
                    .with("retry.max-retries", "0").build());

            stub(server, "auth", aResponse().withBody("{\"doc\":{\"auth\":{\"$id\":\"" + SESSION_ID + "\",\"$\":\""
                    + SESSION_ID + "\"}}}"));
            // an upstream whose error message echoes what it was sent
            stub(server, "whoami", aResponse().withBody("{\"doc\":{\"error\":{\"$type\":\"auth\",\"msg\":{\"$\":"
                    + "\"Bad authinfo demo:" + PASSWORD + "\"}}}}"));
            expectFailure(() -> authinfo.whoami(connection));
            stub(server, "whoami", aResponse().withBody("{\"doc\":{\"error\":{\"$type\":\"auth\",\"msg\":{\"$\":"
                    + "\"Bad session " + SESSION_ID + "\"}}}}"));
            expectFailure(() -> session.whoami(connection));

            stub(server, "account", aResponse().withStatus(302).withHeader("Location", url + "?authinfo=demo:" + PASSWORD));
            expectFailure(() -> authinfo.balance(connection));
            stub(server, "account", aResponse().withFixedDelay(1000).withBody("{\"doc\":{}}"));
            expectFailure(() -> authinfo.balance(connection));
            stub(server, "account", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            expectFailure(() -> authinfo.balance(connection));
            stub(server, "account", aResponse().withBody("{\"doc\":{\"elem\":[{\"balance\""));
            expectFailure(() -> authinfo.balance(connection));

            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            expectFailure(() -> authinfo.whoami(new UpstreamConnection("http://127.0.0.1:" + closed, "demo", PASSWORD)));
            expectFailure(() -> authinfo.whoami(new UpstreamConnection("https://localhost:" + server.port(), "demo", PASSWORD)));
            expectFailure(() -> authinfo.whoami(new UpstreamConnection("ftp://demo:" + PASSWORD + "@x/billmgr", "demo", PASSWORD)));
        } finally {
            server.stop();
        }
    }

    private static void stub(WireMockServer server, String func,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo("/billmgr")).withRequestBody(matching("(.*&)?func=" + func + "(&.*)?"))
                .willReturn(response));
    }
}
