package io.resellhub.reselling.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.reselling.RealInfrastructureProfile;
import io.resellhub.reselling.repository.TariffStore;
import io.resellhub.reselling.repository.TariffStore.ProjectedTariff;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The storefront catalog's answers (contract section 5) on the real database: filters, sorts, paging,
 * {@code GET /catalog/{id}}, ETag and 304, gzip, and a change made by another replica (straight in the
 * database, no event in this process) showing within a second.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class CatalogApiTest {

    @Inject
    TariffStore store;

    @Inject
    DataSource dataSource;

    String productType;
    UUID moduleId;

    @BeforeEach
    void setUp() {
        // A product type of its own per test, so assertions see only this test's tariffs.
        productType = "c-" + UUID.randomUUID().toString().substring(0, 8);
        moduleId = UUID.randomUUID();
    }

    @Test
    void filtersSortsAndPages() {
        ProjectedTariff alpha = tariff("alpha SSL", "Acme", price(12, "30.00"), price(1, "3.00"));
        ProjectedTariff bravo = tariff("Bravo wildcard SSL", "Acme", price(12, "10.00"));
        ProjectedTariff charlie = tariff("Charlie", "Other Co", price(12, "20.00"), price(24, "35.00"));
        ProjectedTariff delta = tariff("delta ssl", "Other Co", price(1, "1.00"));
        sellAll(alpha, bravo, charlie, delta);

        assertEquals(List.of("alpha SSL", "Bravo wildcard SSL", "Charlie", "delta ssl"), names(""));
        assertEquals(List.of("alpha SSL", "Bravo wildcard SSL"), names("&provider=Acme"));
        assertEquals(List.of("alpha SSL", "Bravo wildcard SSL", "delta ssl"), names("&q=sSl"));
        assertEquals(List.of("Charlie"), names("&period=24"));
        assertEquals(List.of("Bravo wildcard SSL", "Charlie", "alpha SSL"), names("&sort=price&period=12"));
        assertEquals(List.of("delta ssl", "alpha SSL"), names("&sort=price&period=1"));
        assertEquals(List.of("Bravo wildcard SSL"), names("&provider=Acme&q=wild&period=12&sort=price"));
        assertEquals(List.of(), names("&provider=Nobody"));

        // Paging as every list; a deep page is a slice like the first.
        page("&size=3&page=1").body("items.name", contains("delta ssl")).body("page", equalTo(1))
                .body("size", equalTo(3)).body("total", equalTo(4));
        page("&size=1&page=2&sort=name").body("items.name", contains("Charlie"));
        page("&size=2&page=5").body("items", hasSize(0)).body("total", equalTo(4));
        page("&sort=price&period=12").body("items[0].prices.period", contains(12))
                .body("items[0].prices[0].amount", equalTo("10.00")).body("items[0].provider", equalTo("Acme"));

        for (String bad : List.of("sort=price", "sort=cheapest", "period=twelve", "period=1.5", "page=-1", "size=501")) {
            given().when().get("/catalog?" + bad).then().statusCode(400).contentType("application/problem+json")
                    .body("errors", not(hasSize(0)));
        }
        given().when().get("/catalog?sort=price").then().body("errors.field", hasItem("period"));
    }

    @Test
    void oneTariffOnSaleOr404() {
        ProjectedTariff sold = tariff("Sold", "Acme", price(12, "15.00"));
        ProjectedTariff notSold = tariff("Not sold", "Acme", price(12, "15.00"));
        sellAll(sold);
        project(notSold);

        given().when().get("/catalog/" + sold.id()).then().statusCode(200)
                .body("id", equalTo(sold.id().toString())).body("name", equalTo("Sold"))
                .body("productType", equalTo(productType)).body("provider", equalTo("Acme"))
                .body("prices.amount", contains("15.00")).body("prices.currency", contains("USD"))
                .body("prices[0].upstreamCost", equalTo(null));
        given().when().get("/catalog/" + notSold.id()).then().statusCode(404).contentType("application/problem+json");
        given().when().get("/catalog/" + UUID.randomUUID()).then().statusCode(404);
        given().when().get("/catalog/not-an-id").then().statusCode(404).contentType("application/problem+json");

        disable(sold.id());
        given().when().get("/catalog/" + sold.id()).then().statusCode(404);
    }

    @Test
    void strongEtagAnd304AndGzip() {
        ProjectedTariff t = tariff("Etag tariff", "Acme", price(12, "15.00"));
        sellAll(t);
        String query = "/catalog?productType=" + productType;

        ExtractableResponse<Response> first = plain().when().get(query).then()
                .statusCode(200)
                .header("Cache-Control", "public, max-age=1").extract();
        String etag = first.header("ETag");
        assertTrue(etag.matches("\"[0-9a-f]+\""), "a strong ETag: " + etag);
        plain().header("If-None-Match", etag).when().get(query).then()
                .statusCode(304).header("ETag", etag).header("Cache-Control", "public, max-age=1");
        given().header("If-None-Match", "\"something-else\"").when().get(query).then().statusCode(200);

        // gzip when accepted, under a tag of its own (another representation).
        ExtractableResponse<Response> zipped = given().header("Accept-Encoding", "gzip").when().get(query).then()
                .statusCode(200).header("Content-Encoding", "gzip").body("items[0].name", equalTo("Etag tariff"))
                .extract();
        assertNotEquals(etag, zipped.header("ETag"));
        given().header("Accept-Encoding", "gzip").header("If-None-Match", zipped.header("ETag")).when().get(query)
                .then().statusCode(304);

        String oneEtag = given().when().get("/catalog/" + t.id()).then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", oneEtag).when().get("/catalog/" + t.id()).then().statusCode(304);
        given().header("If-None-Match", "W/" + oneEtag).when().get("/catalog/" + t.id()).then().statusCode(304);

        // A change gives new bytes and a new tag: the old one no longer matches.
        sellAll(tariff("Another", "Acme", price(12, "15.00")));
        String changed = plain().header("If-None-Match", etag).when().get(query)
                .then().statusCode(200)
                .body("total", equalTo(2)).extract().header("ETag");
        assertNotEquals(etag, changed);
    }

    @Test
    void aChangeByAnotherReplicaShowsWithinASecond() throws Exception {
        ProjectedTariff t = tariff("Renamed elsewhere", "Acme", price(12, "15.00"));
        sellAll(t);
        page("").body("items.name", contains("Renamed elsewhere"));
        // What another replica's commit leaves behind: the row and the version moved, no event in this process.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        WITH next AS (UPDATE catalog_version SET version = version + 1 RETURNING version)
                        UPDATE catalog_entry SET name = 'Renamed by another replica', version = next.version
                        FROM next WHERE tariff_id = ?""")) {
            update.setObject(1, t.id());
            assertEquals(1, update.executeUpdate());
        }
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> page("").body("items.name", contains("Renamed by another replica")));
        System.out.printf("Another replica's change showed after %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    private ProjectedTariff tariff(String name, String provider, String... prices) {
        return new ProjectedTariff(UUID.randomUUID(), moduleId, "up-" + name, productType, name, provider,
                "[" + String.join(",", prices) + "]", true, false, false, 0, false, null);
    }

    private static String price(int period, String amount) {
        return "{\"period\":" + period + ",\"amount\":\"" + amount + "\",\"currency\":\"USD\",\"upstreamCost\":\"0.50\"}";
    }

    private void project(ProjectedTariff... tariffs) {
        QuarkusTransaction.requiringNew().run(() -> store.upsertAll(List.of(tariffs), Instant.now(Clock.systemUTC())));
    }

    /** Projects the tariffs and enables them: the catalog shows them at once (a change made in this process). */
    private void sellAll(ProjectedTariff... tariffs) {
        project(tariffs);
        List<UUID> ids = new ArrayList<>();
        for (ProjectedTariff t : tariffs) {
            ids.add(t.id());
        }
        given().contentType(ContentType.JSON).body(ids.stream().map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(",", "{\"ids\":[", "]}"))).when().post("/tariffs/enable").then()
                .statusCode(200).body("results.status", not(hasItem(equalTo(null))));
    }

    private static void disable(UUID id) {
        given().contentType(ContentType.JSON).body("{\"ids\":[\"" + id + "\"]}").when().post("/tariffs/disable").then()
                .statusCode(200);
    }

    private io.restassured.response.ValidatableResponse page(String query) {
        return given().when().get("/catalog?productType=" + productType + query).then().statusCode(200);
    }

    private List<String> names(String query) {
        return page(query + "&size=500").extract().jsonPath().getList("items.name");
    }

    /** A request that does not accept gzip (RestAssured asks for it unless its decoders are off). */
    private static io.restassured.specification.RequestSpecification plain() {
        return given().config(io.restassured.config.RestAssuredConfig.config()
                .decoderConfig(io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders()));
    }
}
