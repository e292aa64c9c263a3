package io.resellhub.module.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** HTTP-level behaviour against WireMock: wire shape, faults, wrong URLs, retries, breaker, never ordering twice. */
class BillmanagerClientWireMockTest {

    private static final String PASSWORD = "pa:ss&w=rd";
    private static final String ORDER_ID = "0b4c6a1e-ord-1";

    private static WireMockServer server;
    private BillmanagerClient client;
    private UpstreamConnection connection;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void setUp() {
        server.resetAll();
        // breaker tests build their own client; here it must not open in the middle of a fault test
        client = new BillmanagerClient(TestConfig.fast().with("read-timeout", "1s")
                .with("circuit-breaker.failure-threshold", "100").build());
        connection = new UpstreamConnection(server.baseUrl() + "/billmgr", "demo", PASSWORD);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static RequestPatternBuilder funcCalled(String func) {
        return postRequestedFor(urlEqualTo("/billmgr"))
                .withRequestBody(matching("(.*&)?func=" + Pattern.quote(func) + "(&.*)?"));
    }

    private static void answer(String func, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo("/billmgr"))
                .withRequestBody(matching("(.*&)?func=" + Pattern.quote(func) + "(&.*)?"))
                .willReturn(response));
    }

    /** Answers {@code func} with the given responses in turn; the last one repeats. */
    private static void answerInTurn(String func, ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            String state = i == 0 ? Scenario.STARTED : func + "-" + i;
            server.stubFor(post(urlEqualTo("/billmgr"))
                    .withRequestBody(matching("(.*&)?func=" + Pattern.quote(func) + "(&.*)?"))
                    .inScenario(func).whenScenarioStateIs(state)
                    .willSetStateTo(i + 1 < responses.length ? func + "-" + (i + 1) : state)
                    .willReturn(responses[i]));
        }
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static int calls(String func) {
        return server.findAll(funcCalled(func)).size();
    }

    private static final String NO_SERVICES = "{\"doc\":{\"$func\":\"soft\"}}";
    private static final String ONE_SERVICE = "{\"doc\":{\"elem\":{\"id\":{\"$\":\"77\"},\"pricelist\":{\"$\":\"101\"},"
            + "\"status\":{\"$\":\"2\"},\"note\":{\"$\":\"" + ORDER_ID + "\"}}}}";
    private static final String EDIT_77 = "{\"doc\":{\"elid\":{\"$\":\"77\"},\"pricelist\":{\"$\":\"101\"},\"period\":{\"$\":\"12\"},"
            + "\"status\":{\"$\":\"2\"},\"expiredate\":{\"$\":\"2027-01-31\"},\"licensekey\":{\"$\":\"KEY-77\"},"
            + "\"note\":{\"$\":\"" + ORDER_ID + "\"}}}";
    private static final String ORDERED_78 = "{\"doc\":{\"service\":{\"id\":{\"$\":\"78\"},\"status\":{\"$\":\"1\"}}}}";

    private UpstreamOrder licenseOrder() {
        return new UpstreamOrder("ispsystem-license", "101", 12, Map.of("ip", "10.0.0.1"), ORDER_ID);
    }

    // ---- the wire -----------------------------------------------------------------------------------

    @Test
    void postsAFormWithCredentialsOnlyInTheBody() {
        answer("whoami", json("{\"doc\":{\"user\":{\"$level\":\"16\",\"$\":\"demo\"}}}"));
        // no /billmgr and a trailing slash: the client appends the endpoint
        UpstreamConnection bare = new UpstreamConnection(server.baseUrl() + "/", "demo", PASSWORD);

        AccountInfo info = client.whoami(bare);

        assertEquals(new AccountInfo("demo", "16"), info);
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo("/billmgr")));
        assertEquals(1, requests.size());
        LoggedRequest request = requests.get(0);
        assertEquals("/billmgr", request.getUrl(), "nothing in the query string");
        assertTrue(request.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"));
        String body = request.getBodyAsString();
        assertTrue(body.contains("func=whoami"), body);
        assertTrue(body.contains("authinfo=demo%3Apa%3Ass%26w%3Drd"), body);
        assertTrue(body.contains("out=json"), body);
        assertTrue(body.contains("lang=en"), body);
    }

    @Test
    void readsStringNumbersMissingOptionalFieldsAndUnknownFields() {
        answer("account", json("{\"doc\":{\"elem\":[{\"id\":{\"$\":\"1\"},\"balance\":{\"$\":\"-12.5000\"},"
                + "\"currency\":{\"$\":\"USD\"},\"bonus\":{\"$\":\"x\"}},{\"id\":{\"$\":\"2\"},\"balance\":{\"$\":\"99\"}}]}}"));
        answer("pricelist.export", json("{\"doc\":{\"elem\":[{\"id\":{\"$\":\"101\"},\"name\":{\"$\":\"ISPmanager Lite\"},"
                + "\"itemtype\":{\"$\":\"soft\"},\"orderavailable\":{\"$\":\"off\"},\"currency\":{\"$\":\"USD\"},"
                + "\"price\":{\"$period\":\"12\",\"$cost\":\"10.0000\"},\"addon\":[{\"id\":{\"$\":\"1\"},\"$cost\":\"1\"}],\"new\":{\"$\":\"?\"}},"
                + "{\"id\":{\"$\":\"102\"},\"itemtype\":{\"$\":\"certificate\"}},"
                + "{\"id\":{\"$\":\"103\"},\"name\":{\"$\":\"No prices\"},\"itemtype\":{\"$\":\"soft\"}}]}}"));

        AccountBalance balance = client.balance(connection);
        assertEquals(0, new BigDecimal("-12.5").compareTo(balance.balance()));
        assertEquals("-12.5000", balance.balance().toPlainString(), "money keeps the upstream's scale");
        assertEquals("USD", balance.currency());
        assertEquals(BigDecimal.ZERO, balance.credit());

        List<UpstreamPlan> plans = client.listTariffs(connection, "ispsystem-license");
        assertEquals(2, plans.size(), "a plan of another item type is dropped even when the upstream ignores the filter");
        UpstreamPlan plan = plans.get(0);
        assertEquals("101", plan.id());
        assertEquals("ispsystem-license", plan.productType());
        assertFalse(plan.available());
        assertEquals(List.of(new UpstreamPrice(12, new BigDecimal("10.0000"))), plan.prices());
        assertNull(plan.description());
        assertTrue(plans.get(1).available(), "an absent orderavailable reads as orderable");
        assertTrue(plans.get(1).prices().isEmpty());
        assertTrue(server.findAll(funcCalled("pricelist.export")).get(0).getBodyAsString().contains("itemtype=soft"));
    }

    // ---- faults -------------------------------------------------------------------------------------

    @Test
    void http500IsTransientAndReadsAreRetriedWithBackOff() {
        answer("whoami", aResponse().withStatus(500).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>500 Internal Server Error</h1></body></html>"));

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> client.whoami(connection));

        assertEquals(UpstreamFailureKind.UPSTREAM_ERROR, e.kind());
        assertTrue(e.transientFailure());
        assertTrue(e.getMessage().contains("answered HTTP 500"), e.getMessage());
        assertEquals(3, calls("whoami"), "one call and two retries");
    }

    @Test
    void aReadRecoversWhenARetrySucceeds() {
        answerInTurn("whoami", aResponse().withStatus(502), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                json("{\"doc\":{\"user\":{\"$level\":\"16\",\"$\":\"demo\"}}}"));

        assertEquals("demo", client.whoami(connection).login());
        assertEquals(3, calls("whoami"));
    }

    @Test
    void changesAreNeverRetried() {
        answer("soft.suspend", aResponse().withStatus(503));

        UpstreamException e = assertThrows(UpstreamException.class, () -> client.suspend(connection, "ispsystem-license", "5"));

        assertTrue(e.transientFailure());
        assertTrue(e.outcomeUnknown());
        assertEquals(1, calls("soft.suspend"));
    }

    @Test
    void aSlowAnswerTimesOut() {
        BillmanagerClient noRetries = new BillmanagerClient(TestConfig.fast().with("read-timeout", "300ms")
                .with("retry.max-retries", "0").build());
        answer("whoami", json("{\"doc\":{\"user\":\"demo\"}}").withFixedDelay(1500));

        long start = System.nanoTime();
        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> noRetries.whoami(connection));

        assertEquals(UpstreamFailureKind.TIMEOUT, e.kind());
        assertTrue(e.transientFailure());
        assertTrue(e.getMessage().startsWith("Timed out after 300 ms"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1400, "gave up at the read timeout");
    }

    @Test
    void aBodyThatDribblesPastTheReadTimeoutTimesOut() {
        BillmanagerClient noRetries = new BillmanagerClient(TestConfig.fast().with("read-timeout", "500ms")
                .with("retry.max-retries", "0").build());
        StringBuilder big = new StringBuilder("{\"doc\":{\"elem\":[");
        for (int i = 0; i < 200; i++) {
            big.append(i == 0 ? "" : ",").append("{\"id\":{\"$\":\"").append(i).append("\"}}");
        }
        big.append("]}}");
        // headers at once, then the body in 20 chunks over 3 s
        answer("soft", json(big.toString()).withChunkedDribbleDelay(20, 3000));

        long start = System.nanoTime();
        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class,
                () -> noRetries.services(connection, "ispsystem-license"));

        assertEquals(UpstreamFailureKind.TIMEOUT, e.kind());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500, "the body deadline cut it short");
    }

    @Test
    void anHtmlPageIsNotBillmanager() {
        answer("whoami", aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html>\n<html><head><title>Login</title></head><body><form></form></body></html>"));

        NotBillmanagerException e = assertThrows(NotBillmanagerException.class, () -> client.whoami(connection));

        assertEquals(UpstreamFailureKind.NOT_BILLMANAGER, e.kind());
        assertFalse(e.transientFailure());
        assertEquals("The URL " + server.baseUrl() + "/billmgr answered an HTML page, not BILLmanager: check the URL ends in "
                + "/billmgr and that no login page or proxy answers instead", e.getMessage());
        assertEquals(1, calls("whoami"), "a wrong URL is not retried");
    }

    @Test
    void aRedirectIsNotFollowed() {
        answer("whoami", aResponse().withStatus(302).withHeader("Location", "https://login.example.com/sso?ticket=abc"));

        NotBillmanagerException e = assertThrows(NotBillmanagerException.class, () -> client.whoami(connection));

        assertTrue(e.getMessage().contains("redirect (HTTP 302) to https://login.example.com/sso,"), e.getMessage());
        assertFalse(e.getMessage().contains("ticket"), "the query of the redirect is not repeated");
        assertEquals(1, server.findAll(postRequestedFor(urlEqualTo("/billmgr"))).size());
    }

    @Test
    void http404MeansAWrongPath() {
        UpstreamConnection wrongPath = new UpstreamConnection(server.baseUrl() + "/manager/", "demo", PASSWORD);
        // nothing is stubbed at /manager/billmgr: WireMock answers 404

        NotBillmanagerException e = assertThrows(NotBillmanagerException.class, () -> client.whoami(wrongPath));

        assertEquals("The URL " + server.baseUrl() + "/manager/billmgr answered HTTP 404, not BILLmanager: "
                + "check the URL ends in /billmgr", e.getMessage());
    }

    @Test
    void malformedJsonIsNotBillmanager() {
        answer("whoami", json("{\"doc\":{\"user\" \"demo\"}}"));

        NotBillmanagerException e = assertThrows(NotBillmanagerException.class, () -> client.whoami(connection));

        assertTrue(e.getMessage().contains("answered a body that is not valid JSON"), e.getMessage());
    }

    @Test
    void jsonWithoutDocIsNotBillmanager() {
        answer("whoami", json("{\"status\":\"ok\"}"));

        NotBillmanagerException e = assertThrows(NotBillmanagerException.class, () -> client.whoami(connection));

        assertTrue(e.getMessage().contains("\"doc\""), e.getMessage());
    }

    @Test
    void aTruncatedBodyIsATransientUpstreamError() {
        answer("pricelist.export", json("{\"doc\":{\"elem\":[{\"id\":{\"$\":\"1\"}},{\"id\":{\"$\":"));

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class,
                () -> client.listTariffs(connection, "ssl-certificate"));

        assertEquals(UpstreamFailureKind.UPSTREAM_ERROR, e.kind());
        assertTrue(e.transientFailure());
        assertTrue(e.getMessage().contains("was cut off"), e.getMessage());
        assertEquals(3, calls("pricelist.export"), "a cut-off read is retried");
    }

    @Test
    void aConnectionLostMidBodyIsUnreachable() {
        answer("pricelist.export", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        answer("whoami", aResponse().withFault(Fault.EMPTY_RESPONSE));

        UpstreamUnavailableException chunk = assertThrows(UpstreamUnavailableException.class,
                () -> client.listTariffs(connection, "ispsystem-module"));
        UpstreamUnavailableException empty = assertThrows(UpstreamUnavailableException.class,
                () -> client.whoami(connection));

        assertEquals(UpstreamFailureKind.UNREACHABLE, chunk.kind(), chunk.getMessage());
        assertTrue(chunk.transientFailure());
        assertTrue(chunk.outcomeUnknown());
        assertEquals(UpstreamFailureKind.UNREACHABLE, empty.kind());
        assertTrue(empty.getMessage().contains("was lost"), empty.getMessage());
    }

    @Test
    void aRefusedConnectionSaysSo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        UpstreamConnection nobody = new UpstreamConnection("http://127.0.0.1:" + port + "/billmgr", "demo", PASSWORD);

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> client.whoami(nobody));

        assertEquals(UpstreamFailureKind.UNREACHABLE, e.kind());
        assertTrue(e.transientFailure());
        assertFalse(e.outcomeUnknown(), "nothing was sent");
        assertEquals("Connection refused by 127.0.0.1:" + port + ": check the host and port, or the upstream is down",
                e.getMessage());
    }

    @Test
    void httpsAgainstAPlainHttpPortIsATlsFailure() {
        UpstreamConnection tls = new UpstreamConnection("https://localhost:" + server.port() + "/billmgr", "demo", PASSWORD);

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> client.whoami(tls));

        assertEquals(UpstreamFailureKind.UNREACHABLE, e.kind());
        assertFalse(e.transientFailure(), "a TLS mismatch is a configuration problem");
        assertTrue(e.getMessage().startsWith("TLS handshake with localhost:" + server.port() + " failed"), e.getMessage());
    }

    @Test
    void anUnknownHostSaysSo() {
        UpstreamConnection unknown = new UpstreamConnection("https://no-such-host.invalid/billmgr", "demo", PASSWORD);

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> client.whoami(unknown));

        assertEquals(UpstreamFailureKind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().startsWith("Unknown host no-such-host.invalid"), e.getMessage());
    }

    // ---- error envelope -----------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "auth,        badpassword, AUTHENTICATION",
            "access,      ,            PERMISSION",
            "missed,      ip,          VALIDATION",
            "value,       domain,      VALIDATION",
            "exists,      ,            CONFLICT",
            "notfound,    elid,        NOT_FOUND",
            "money,       ,            INSUFFICIENT_BALANCE",
            "unavailable, pricelist,   PLAN_UNAVAILABLE",
            "sql,         ,            UPSTREAM_ERROR"
    })
    void theErrorEnvelopeBecomesATypedFailureDespiteHttp200(String type, String object, UpstreamFailureKind kind) {
        String objectAttribute = object == null ? "" : "\"$object\":\"" + object + "\",";
        answer("soft.edit", json("{\"doc\":{\"error\":{\"$type\":\"" + type + "\"," + objectAttribute
                + "\"$lang\":\"en\",\"msg\":{\"$\":\"Upstream says " + type + "\"}}}}"));

        UpstreamRejectedException e = assertThrows(UpstreamRejectedException.class,
                () -> client.serviceInfo(connection, "ispsystem-license", "5012"));

        assertEquals(kind, e.kind());
        assertEquals(type, e.errorType());
        assertEquals("Upstream says " + type, e.upstreamMessage());
        assertEquals(object, e.field());
        assertFalse(e.transientFailure());
        assertTrue(e.getMessage().endsWith(": Upstream says " + type), e.getMessage());
        assertEquals(1, calls("soft.edit"), "business errors are not retried");
    }

    @Test
    void wrongCredentialsReadAsSuch() {
        answer("whoami", json("{\"doc\":{\"error\":{\"type\":\"auth\",\"object\":\"badpassword\",\"msg\":\"Invalid username or password\"}}}"));

        UpstreamRejectedException e = assertThrows(UpstreamRejectedException.class, () -> client.whoami(connection));

        assertEquals("Wrong username or password for 'demo' at " + server.baseUrl()
                + "/billmgr: Invalid username or password", e.getMessage());
    }

    @Test
    void anErrorEnvelopeWinsOverANon200Status() {
        answer("service.prolong", aResponse().withStatus(500).withHeader("Content-Type", "text/xml")
                .withBody("<doc><error type=\"money\" lang=\"en\"><msg>Not enough money</msg></error></doc>"));

        UpstreamRejectedException e = assertThrows(UpstreamRejectedException.class,
                () -> client.prolong(connection, "ispsystem-license", "5", 12, null));

        assertEquals(UpstreamFailureKind.INSUFFICIENT_BALANCE, e.kind());
        assertEquals("Not enough money", e.upstreamMessage());
        assertEquals(1, calls("service.prolong"));
    }

    // ---- circuit breaker ----------------------------------------------------------------------------

    @Test
    void theBreakerOpensAfterRepeatedTransientFailuresAndLetsATrialThroughLater() {
        BillmanagerClient guarded = new BillmanagerClient(TestConfig.fast().with("retry.max-retries", "0")
                .with("circuit-breaker.failure-threshold", "2").with("circuit-breaker.delay", "500ms").build());
        answerInTurn("whoami", aResponse().withStatus(500), aResponse().withStatus(500),
                json("{\"doc\":{\"user\":\"demo\"}}"));

        assertThrows(UpstreamUnavailableException.class, () -> guarded.whoami(connection));
        assertThrows(UpstreamUnavailableException.class, () -> guarded.whoami(connection));
        UpstreamUnavailableException open = assertThrows(UpstreamUnavailableException.class, () -> guarded.whoami(connection));

        assertEquals(UpstreamFailureKind.CIRCUIT_OPEN, open.kind());
        assertTrue(open.transientFailure());
        assertTrue(open.getMessage().contains("paused after repeated failures"), open.getMessage());
        assertTrue(open.getMessage().contains("answered HTTP 500"), open.getMessage());
        assertEquals(2, calls("whoami"), "an open circuit sends nothing");
        assertEquals("OPEN", guarded.circuitState(connection.url(), connection.username()));
        // another upstream account has its own breaker
        assertEquals("CLOSED", guarded.circuitState(connection.url(), "another-reseller"));
        assertEquals("CLOSED", guarded.circuitState("http://other.example.com/billmgr", connection.username()));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(
                () -> assertEquals("demo", guarded.whoami(connection).login()));
        assertEquals("CLOSED", guarded.circuitState(connection.url(), connection.username()));
        assertEquals(3, calls("whoami"), "one trial call after the delay closes the circuit");
    }

    @Test
    void everyAttemptAndTheBreakerAreMeasuredPerAccountWithoutThePassword() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try {
            UpstreamConnection metered = new UpstreamConnection(server.baseUrl() + "/billmgr", "metered", PASSWORD);
            BillmanagerClient guarded = new BillmanagerClient(TestConfig.fast().with("retry.max-retries", "0")
                    .with("circuit-breaker.failure-threshold", "2").with("circuit-breaker.delay", "1m").build());
            answer("whoami", aResponse().withStatus(500));
            for (int i = 0; i < 3; i++) {
                assertThrows(UpstreamUnavailableException.class, () -> guarded.whoami(metered));
            }

            String account = "metered@localhost:" + server.port();
            assertEquals(3, meters.get("resellhub.upstream.calls").tags("account", account, "outcome", "failed")
                    .timer().count(), "two 500s and one refusal of the open breaker");
            assertEquals(0, meters.get("resellhub.upstream.calls").tags("account", account, "outcome", "ok")
                    .timer().count());
            assertEquals(1.0, meters.get("resellhub.upstream.breaker.open").tag("account", account).gauge().value());
            assertFalse(meters.getMeters().stream().anyMatch(meter -> meter.getId().toString().contains(PASSWORD)));
        } finally {
            Metrics.removeRegistry(meters);
            meters.close();
        }
    }

    @Test
    void businessErrorsNeverOpenTheBreaker() {
        BillmanagerClient guarded = new BillmanagerClient(TestConfig.fast()
                .with("circuit-breaker.failure-threshold", "2").build());
        answer("soft.order.param", json("{\"doc\":{\"error\":{\"type\":\"money\",\"msg\":\"No money\"}}}"));
        answer("soft", json(NO_SERVICES));

        for (int i = 0; i < 4; i++) {
            UpstreamException e = assertThrows(UpstreamException.class, () -> guarded.order(connection, licenseOrder()));
            assertEquals(UpstreamFailureKind.INSUFFICIENT_BALANCE, e.kind());
        }
        assertEquals("CLOSED", guarded.circuitState(connection.url(), connection.username()));
        assertEquals(4, calls("soft.order.param"));
    }

    // ---- never order twice --------------------------------------------------------------------------

    @Test
    void afterAnAmbiguous500TheServiceWithOurNoteIsReturnedInsteadOfOrderingAgain() {
        answerInTurn("soft", json(NO_SERVICES), json(ONE_SERVICE));
        answer("soft.order.param", aResponse().withStatus(500));
        answer("soft.edit", json(EDIT_77));

        UpstreamService service = client.order(connection, licenseOrder());

        assertEquals("77", service.id());
        assertEquals("KEY-77", service.licenseKey());
        assertEquals(ORDER_ID, service.note());
        assertEquals(LocalDate.of(2027, 1, 31), service.expireDate());
        assertEquals(1, calls("soft.order.param"), "ordered exactly once");
        String orderBody = server.findAll(funcCalled("soft.order.param")).get(0).getBodyAsString();
        assertTrue(orderBody.contains("note=" + ORDER_ID), orderBody);
        assertTrue(orderBody.contains("sok=ok") && orderBody.contains("skipbasket=on") && orderBody.contains("pricelist=101")
                && orderBody.contains("period=12") && orderBody.contains("ip=10.0.0.1"), orderBody);
    }

    @Test
    void whenNoServiceCarriesOurNoteTheOrderIsSentOnceMore() {
        answer("soft", json(NO_SERVICES));
        answerInTurn("soft.order.param", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), json(ORDERED_78));
        answer("soft.edit", json("{\"doc\":{\"elid\":{\"$\":\"78\"},\"status\":{\"$\":\"2\"}}}"));

        UpstreamService service = client.order(connection, licenseOrder());

        assertEquals("78", service.id());
        assertEquals(ORDER_ID, service.note(), "our note is kept even when the details do not show it");
        assertEquals(2, calls("soft.order.param"));
        assertEquals(2, calls("soft"), "checked before ordering and after the ambiguous failure");
    }

    @Test
    void aServiceAnsweredProcessingIsNotReadRightAfterTheOrderButAnOrderedOneIs() {
        answer("certificate.order.param",
                json("{\"doc\":{\"service\":{\"id\":{\"$\":\"90\"},\"status\":{\"$\":\"5\"}}}}"));
        answer("soft.order.param", json(ORDERED_78));
        answer("soft.edit", json("{\"doc\":{\"elid\":{\"$\":\"78\"},\"status\":{\"$\":\"2\"}}}"));

        UpstreamService certificate = client.order(connection, new UpstreamOrder("ssl-certificate", "301", 12,
                Map.of("domain", "shop.example.com"), "0b4c6a1e-ord-2"), new ChangeGuard(false, () -> { }));
        UpstreamService license = client.order(connection, licenseOrder(), new ChangeGuard(false, () -> { }));

        assertEquals("90", certificate.id());
        assertEquals(UpstreamService.PROCESSING, certificate.status());
        assertEquals("0b4c6a1e-ord-2", certificate.note());
        assertEquals(0, calls("certificate.edit"), "still being set up upstream: the activation check reads it later");
        assertEquals(UpstreamService.ACTIVE, license.status(), "answered 'ordered', read at once: it is active");
        assertEquals(1, calls("soft.edit"));
    }

    @Test
    void whenTheLookupFailsNothingIsOrderedAgain() {
        answerInTurn("soft", json(NO_SERVICES), aResponse().withStatus(503));
        answer("soft.order.param", aResponse().withStatus(504));

        UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class,
                () -> client.order(connection, licenseOrder()));

        assertTrue(e.transientFailure());
        assertTrue(e.outcomeUnknown());
        assertTrue(e.getMessage().startsWith("Order " + ORDER_ID + " may or may not have been placed"), e.getMessage());
        assertEquals(1, calls("soft.order.param"));
    }

    @Test
    void atMostOneMoreOrderAfterTwoAmbiguousFailures() {
        answer("soft", json(NO_SERVICES));
        answer("soft.order.param", aResponse().withStatus(502));

        UpstreamException e = assertThrows(UpstreamException.class, () -> client.order(connection, licenseOrder()));

        assertTrue(e.transientFailure());
        assertEquals(2, calls("soft.order.param"));
    }

    @Test
    void anExistingServiceWithOurNoteIsReturnedWithoutOrdering() {
        answer("soft", json(ONE_SERVICE));
        answer("soft.edit", json(EDIT_77));

        UpstreamService service = client.order(connection, licenseOrder());

        assertEquals("77", service.id());
        assertEquals(0, calls("soft.order.param"));
    }

    @Test
    void aRefusedOrderIsNeitherLookedUpNorRepeated() {
        answer("soft", json(NO_SERVICES));
        answer("soft.order.param", json("{\"doc\":{\"error\":{\"$type\":\"unavailable\",\"$object\":\"pricelist\","
                + "\"msg\":{\"$\":\"The plan is not available\"}}}}"));

        UpstreamRejectedException e = assertThrows(UpstreamRejectedException.class,
                () -> client.order(connection, licenseOrder()));

        assertEquals(UpstreamFailureKind.PLAN_UNAVAILABLE, e.kind());
        assertEquals(1, calls("soft.order.param"));
        assertEquals(1, calls("soft"));
    }

    @Test
    void orderParametersCannotOverrideWhatTheClientSets() {
        UpstreamOrder sneaky = new UpstreamOrder("ispsystem-license", "101", 12, Map.of("note", "other"), ORDER_ID);

        assertThrows(IllegalArgumentException.class, () -> client.order(connection, sneaky));
        assertEquals(0, server.findAll(postRequestedFor(urlEqualTo("/billmgr"))).size());
    }

    @Test
    void aRenewalWhoseAnswerIsLostCountsAsDoneWhenTheExpiryMoved() {
        answerInTurn("soft.edit",
                json("{\"doc\":{\"elid\":{\"$\":\"77\"},\"expiredate\":{\"$\":\"2027-01-31\"}}}"),
                json("{\"doc\":{\"elid\":{\"$\":\"77\"},\"expiredate\":{\"$\":\"2028-01-31\"}}}"));
        answer("service.prolong", aResponse().withFault(Fault.EMPTY_RESPONSE));

        UpstreamService renewed = client.prolong(connection, "ispsystem-license", "77", 12, LocalDate.of(2027, 1, 31));

        assertEquals(LocalDate.of(2028, 1, 31), renewed.expireDate());
        assertEquals(1, calls("service.prolong"));
        assertTrue(server.findAll(funcCalled("service.prolong")).get(0).getBodyAsString().contains("sok=ok"));
    }

    @Test
    void aRenewalIsNotSentWhenTheExpiryAlreadyMoved() {
        answer("soft.edit", json("{\"doc\":{\"elid\":{\"$\":\"77\"},\"expiredate\":{\"$\":\"2028-01-31\"}}}"));

        UpstreamService renewed = client.prolong(connection, "ispsystem-license", "77", 12, LocalDate.of(2027, 1, 31));

        assertEquals(LocalDate.of(2028, 1, 31), renewed.expireDate());
        assertEquals(0, calls("service.prolong"));
    }

    @Test
    void suspendResumeAndCloseSendTheirFunctions() {
        answer("certificate.suspend", json("{\"doc\":{\"ok\":{\"$\":\"ok\"}}}"));
        answer("certificate.resume", json("{\"doc\":{\"ok\":\"ok\"}}"));
        answer("certificate.delete", aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("<doc><ok/></doc>"));

        client.suspend(connection, "ssl-certificate", "9");
        client.resume(connection, "ssl-certificate", "9");
        client.close(connection, "ssl-certificate", "9");

        for (String func : List.of("certificate.suspend", "certificate.resume", "certificate.delete")) {
            List<LoggedRequest> requests = server.findAll(funcCalled(func));
            assertEquals(1, requests.size(), func);
            assertTrue(requests.get(0).getBodyAsString().contains("elid=9"));
            assertTrue(requests.get(0).getBodyAsString().contains("sok=ok"));
        }
        server.verify(0, postRequestedFor(urlEqualTo("/billmgr")).withRequestBody(containing("password=")));
    }
}
