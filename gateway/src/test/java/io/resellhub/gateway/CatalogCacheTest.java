package io.resellhub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The gateway's catalog cache against a stand-in reselling-service: concurrent misses of one key make one
 * downstream call, a change shows within a second (and at once after an enable through the gateway), ETag, 304
 * and gzip reach the storefront, failures are not kept.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class CatalogCacheTest {

    @Inject
    MeterRegistry registry;

    /** Each test its own product type, so no test is served another's cached answer. */
    private String productType;

    @BeforeEach
    void setUp() {
        GatewayTestResource.downstream.resetAll();
        productType = "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void concurrentMissesOfOneKeyMakeOneDownstreamCall() throws Exception {
        String path = "/catalog?productType=" + productType;
        // Slow enough that all requests arrive while the first is still being answered, even on a busy machine.
        stub(path, page("Slow to come"), 3_000);
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> names = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            names.add(pool.submit(() -> {
                start.await();
                return given().when().get("/api/v1" + path).then().statusCode(200).extract().path("items[0].name");
            }));
        }
        start.countDown();
        for (Future<String> name : names) {
            assertEquals("Slow to come", name.get());
        }
        pool.shutdown();
        GatewayTestResource.downstream.verify(1, getRequestedFor(urlEqualTo(path)));
    }

    @Test
    void aChangeShowsWithinASecond() {
        String path = "/catalog?productType=" + productType + "&sort=name";
        stub(path, page("Before"), 0);
        given().when().get("/api/v1" + path).then().statusCode(200).body("items[0].name", equalTo("Before"));
        stub(path, page("After"), 0);
        long changed = System.nanoTime();
        int requests = 0;
        String name = "Before";
        while (name.equals("Before")) {
            name = given().when().get("/api/v1" + path).then().statusCode(200).extract().path("items[0].name");
            requests++;
        }
        long shownAfterMs = (System.nanoTime() - changed) / 1_000_000;
        assertTrue(shownAfterMs <= 1_000, "the change showed " + shownAfterMs + " ms after it was made");
        // Requests are answered from the cache, read again ahead of its expiry: at most one more downstream call per
        // 300 ms (CatalogCache.REFRESH_AHEAD_NANOS).
        int downstream = GatewayTestResource.downstream.findAll(getRequestedFor(urlEqualTo(path))).size();
        assertTrue(downstream <= 2 + shownAfterMs / 300,
                requests + " requests, " + downstream + " downstream calls in " + shownAfterMs + " ms");
    }

    @Test
    void aBusyKeyIsReadAgainAheadOfItsExpirySoRequestsDoNotWaitForTheDownstreamCall() {
        String path = "/catalog?productType=" + productType;
        // 150 ms per downstream call: a read started 300 ms into an answer's life arrives before it expires at 500.
        stub(path, page("Busy"), 150);
        given().when().get("/api/v1" + path).then().statusCode(200).body("items[0].name", equalTo("Busy"));
        long until = System.nanoTime() + 2_000_000_000L;
        int requests = 0;
        List<Long> waited = new ArrayList<>();
        while (System.nanoTime() < until) {
            long started = System.nanoTime();
            given().when().get("/api/v1" + path).then().statusCode(200);
            long millis = (System.nanoTime() - started) / 1_000_000;
            requests++;
            if (millis >= 150) {
                waited.add(millis);
            }
        }
        // Reloading only on expiry, a request would wait for the 150 ms call every 650 ms: three times or more in
        // 2 s. One slow answer is allowed for a pause of a busy machine.
        assertTrue(waited.size() <= 1, waited.size() + " of " + requests + " requests took 150 ms or more: " + waited);
        int downstream = GatewayTestResource.downstream.findAll(getRequestedFor(urlEqualTo(path))).size();
        assertTrue(downstream >= 4, downstream + " downstream calls in 2 s: the answer was not read again");
    }

    @Test
    void anEnableThroughTheGatewayShowsOnTheNextRequest() {
        String path = "/catalog?productType=" + productType;
        stub(path, page("Before"), 0);
        given().when().get("/api/v1" + path).then().body("items[0].name", equalTo("Before"));
        stub(path, page("Enabled"), 0);
        GatewayTestResource.downstream.stubFor(post(urlEqualTo("/tariffs/enable")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"results\":[]}")));
        given().auth().oauth2(GatewayTestResource.adminToken()).contentType(ContentType.JSON)
                .body("{\"ids\":[\"0b3c5e0e-5d1f-4c53-9d1e-6a1b7f1c2d3e\"]}").when().post("/api/v1/tariffs/enable")
                .then().statusCode(200);
        given().when().get("/api/v1" + path).then().body("items[0].name", equalTo("Enabled"));
    }

    @Test
    void etagAnd304AndGzipReachTheStorefront() {
        String path = "/catalog?productType=" + productType;
        stub(path, page("Tagged"), 0);
        ExtractableResponse<Response> plain = plain().when().get("/api/v1" + path)
                .then().statusCode(200)
                .header("Cache-Control", "public, max-age=1").header("Vary", "Accept-Encoding").extract();
        String etag = plain.header("ETag");
        assertTrue(etag.matches("\"[0-9a-f]+\""), etag);
        plain().header("If-None-Match", etag).when().get("/api/v1" + path)
                .then().statusCode(304)
                .header("ETag", etag);
        String gzipTag = given().header("Accept-Encoding", "gzip").when().get("/api/v1" + path).then()
                .statusCode(200).header("Content-Encoding", "gzip").body("items[0].name", equalTo("Tagged"))
                .extract().header("ETag");
        assertNotEquals(etag, gzipTag);
        given().header("Accept-Encoding", "gzip").header("If-None-Match", gzipTag).when().get("/api/v1" + path)
                .then().statusCode(304);
    }

    @Test
    void anAnswerFromTheCacheIsTheAnswerOfTheFirstRequest() {
        // The first request is a miss (answered by CatalogApi), the next ones hits (answered by CatalogRoute) unless
        // a busy machine lets the 500 ms pass between them.
        String path = "/catalog?productType=" + productType + "&size=50";
        stub(path, page("Same"), 0);
        for (boolean gzip : new boolean[] {false, true}) {
            List<ExtractableResponse<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                io.restassured.specification.RequestSpecification request = plain().header("Accept", "application/json");
                if (gzip) {
                    request.header("Accept-Encoding", "gzip, deflate, br");
                }
                answers.add(request.when().get("/api/v1" + path).then().statusCode(200).extract());
            }
            for (ExtractableResponse<Response> answer : answers.subList(1, answers.size())) {
                for (String header : List.of("Content-Type", "Content-Encoding", "ETag", "Vary", "Cache-Control")) {
                    assertEquals(answers.get(0).header(header), answer.header(header), header);
                }
                assertArrayEquals(answers.get(0).asByteArray(), answer.asByteArray());
            }
            assertEquals(gzip ? "gzip" : null, answers.get(0).header("Content-Encoding"));
        }
    }

    @Test
    void everyRequestIsCountedAsAHitOrAMiss() {
        // Answers served by CatalogRoute count as hits too: they are most of the storefront's requests.
        String path = "/catalog?productType=" + productType;
        stub(path, page("Counted"), 0);
        double hitsBefore = requests("hit");
        double missesBefore = requests("miss");
        for (int i = 0; i < 5; i++) {
            given().when().get("/api/v1" + path).then().statusCode(200);
        }
        double hits = requests("hit") - hitsBefore;
        double misses = requests("miss") - missesBefore;
        assertEquals(5, hits + misses, "hits " + hits + ", misses " + misses);
        assertTrue(misses >= 1, "the first request is a miss");
    }

    private double requests(String result) {
        return registry.counter("resellhub.catalog.cache.requests", "result", result).count();
    }

    @Test
    void theCatalogIgnoresAnInvalidToken() {
        String id = UUID.randomUUID().toString();
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/catalog/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + id + "\"}")));
        for (int i = 0; i < 2; i++) { // a miss, then a hit
            given().auth().oauth2("not-a-token").when().get("/api/v1/catalog/" + id).then().statusCode(200)
                    .body("id", equalTo(id));
        }
    }

    @Test
    void oneTariffAndItsProblemAreRelayed() {
        String id = UUID.randomUUID().toString();
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/catalog/" + id)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"type\":\"/problems/not-found\","
                        + "\"title\":\"Not found\",\"status\":404,\"detail\":\"Tariff is not on sale\","
                        + "\"instance\":\"/catalog/" + id + "\"}")));
        given().when().get("/api/v1/catalog/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("instance", equalTo("/api/v1/catalog/" + id));
    }

    @Test
    void aFailedDownstreamCallIsA503AndIsNotKept() {
        String path = "/catalog?productType=" + productType;
        GatewayTestResource.downstream.stubFor(get(urlEqualTo(path)).willReturn(aResponse()
                .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        given().when().get("/api/v1" + path).then().statusCode(503).contentType("application/problem+json")
                .body("instance", equalTo("/api/v1/catalog"));
        stub(path, page("Back"), 0);
        given().when().get("/api/v1" + path).then().statusCode(200).body("items[0].name", equalTo("Back"));
    }

    private static void stub(String path, String body, int delayMs) {
        GatewayTestResource.downstream.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body).withFixedDelay(delayMs)));
    }

    private static String page(String name) {
        return "{\"items\":[{\"id\":\"t-1\",\"name\":\"" + name + "\",\"productType\":\"ssl-certificate\","
                + "\"provider\":\"My Company\",\"prices\":[{\"period\":12,\"amount\":\"15.00\",\"currency\":\"USD\"}]}],"
                + "\"page\":0,\"size\":50,\"total\":1}";
    }

    /** A request that does not accept gzip (RestAssured asks for it unless its decoders are off). */
    private static io.restassured.specification.RequestSpecification plain() {
        return given().config(io.restassured.config.RestAssuredConfig.config()
                .decoderConfig(io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders()));
    }
}
