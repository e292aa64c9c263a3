package io.resellhub.gateway.rest;

import java.util.Map;
import java.util.function.BiConsumer;

import io.quarkus.opentelemetry.runtime.tracing.instrumentation.InstrumentationRecorder;
import io.quarkus.opentelemetry.runtime.tracing.instrumentation.vertx.OpenTelemetryVertxTracingFactory.VertxDelegator;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Storefront catalog reads get no span; every other request is traced as before. Every storefront visitor reads
 * the catalog, mostly answered from the gateway's cache ({@link CatalogRoute}): Quarkus' HTTP server tracing,
 * which builds each request's span attributes from its URL, headers and client address even when the sampler
 * then drops the span, cost a quarter of the gateway's CPU per catalog request (86-95 against 58-72 microseconds
 * traced and untraced, wrk at 64 connections), and with an OTLP endpoint every visit would be a trace for the
 * collector. Quarkus has no per-path
 * switch ({@code suppress-application-uris} drops spans only after they were built), so at start the HTTP
 * server's tracer is wrapped by one that passes catalog GETs by.
 */
@ApplicationScoped
public class CatalogTracing {

    private static final String CATALOG = Relay.API_PREFIX + "/catalog";

    void onStart(@Observes StartupEvent event) {
        VertxDelegator delegator = InstrumentationRecorder.FACTORY.getVertxTracerDelegator();
        VertxTracer<Object, Object> traced = delegator.getDelegate();
        // No delegate: the OpenTelemetry SDK is disabled and nothing is traced anyway.
        if (traced != null && !(traced instanceof CatalogUntraced)) {
            delegator.setDelegate(new CatalogUntraced(traced));
        }
    }

    /** True for a GET of the public catalog (the list or one tariff on sale). */
    static boolean isCatalogRead(Object request) {
        if (!(request instanceof HttpServerRequest http) || http.method() != HttpMethod.GET) {
            return false;
        }
        String path = http.path();
        return path != null && path.startsWith(CATALOG)
                && (path.length() == CATALOG.length() || path.charAt(CATALOG.length()) == '/');
    }

    /** The server's tracer, but a catalog read starts no span (so its response ends none). */
    static final class CatalogUntraced implements VertxTracer<Object, Object> {

        private final VertxTracer<Object, Object> traced;

        CatalogUntraced(VertxTracer<Object, Object> traced) {
            this.traced = traced;
        }

        @Override
        public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
            if (isCatalogRead(request)) {
                return null;
            }
            return traced.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public <R> void sendResponse(Context context, R response, Object payload, Throwable failure,
                TagExtractor<R> tagExtractor) {
            traced.sendResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                String operation, BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
            return traced.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public <R> void receiveResponse(Context context, R response, Object payload, Throwable failure,
                TagExtractor<R> tagExtractor) {
            traced.receiveResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        public void close() {
            traced.close();
        }
    }
}
