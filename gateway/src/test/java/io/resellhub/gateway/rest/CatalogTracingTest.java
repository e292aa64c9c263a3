package io.resellhub.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.quarkus.opentelemetry.runtime.tracing.instrumentation.InstrumentationRecorder;
import io.quarkus.opentelemetry.runtime.tracing.instrumentation.vertx.OpenTelemetryVertxTracingFactory.VertxDelegator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.resellhub.gateway.GatewayTestResource;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;

/** Catalog reads reach the gateway's HTTP server without a span; every other request is traced. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class CatalogTracingTest {

    @Test
    void theServersTracerPassesCatalogReadsByAndTracesEverythingElse() {
        VertxDelegator delegator = InstrumentationRecorder.FACTORY.getVertxTracerDelegator();
        @SuppressWarnings("unchecked")
        VertxTracer<Object, Object> installed = delegator.getDelegate();
        assertInstanceOf(CatalogTracing.CatalogUntraced.class, installed, "wrapped at start");

        // The same wrapper around a tracer that notes what it is asked to trace, for the requests below.
        List<String> traced = new CopyOnWriteArrayList<>();
        delegator.setDelegate(new CatalogTracing.CatalogUntraced(new VertxTracer<>() {
            @Override
            public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                    String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
                HttpServerRequest http = (HttpServerRequest) request;
                traced.add(http.method() + " " + http.path());
                return null;
            }
        }));
        try {
            given().get("/api/v1/catalog?page=0&size=5");
            given().get("/api/v1/catalog/0b6f3c52-3d1e-4a8e-9f3b-2c1d4e5f6a7b");
            given().get("/api/v1/catalogue");
            given().get("/api/v1/tariffs");
            given().head("/api/v1/catalog");
        } finally {
            delegator.setDelegate(installed);
        }
        assertEquals(List.of("GET /api/v1/catalogue", "GET /api/v1/tariffs", "HEAD /api/v1/catalog"), traced);
    }
}
