package io.resellhub.gateway.client;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.resellhub.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends one request to a downstream service and reads its whole answer. The per-service clients wrap
 * it with timeouts, retries (reads only) and a circuit breaker. The client is not instrumented, so the
 * current trace context goes along explicitly (W3C {@code traceparent}): the service's span joins the
 * gateway's, which joined the caller's.
 *
 * <p>Vert.x's HTTP/1.1 client, with a pool of kept-alive connections per service. The JDK client it replaced
 * spoke HTTP/2 (h2c), and the services then spent a sixth of their CPU per order decoding HPACK headers (the
 * caller's token, never indexed, Huffman-coded on every request); its HTTP/1.1 mode cost even more.
 */
final class HttpForwarder {

    private final String service;
    private final BaseUrls baseUrls;
    private final GatewayConfig.Downstream config;
    private final HttpClient http;

    HttpForwarder(Vertx vertx, String service, GatewayConfig.Downstream config) {
        this.service = service;
        this.baseUrls = new BaseUrls(config.url());
        this.config = config;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setName("gateway-to-" + service),
                new PoolOptions().setHttp1MaxSize(config.maxConnections()));
    }

    BaseUrls baseUrls() {
        return baseUrls;
    }

    /**
     * {@code authorization}: the caller's {@code Authorization} header, passed on as it came (null: none). Blocks
     * the calling worker thread until the answer is read or the read timeout passed; the request itself runs on
     * an event loop.
     */
    DownstreamResponse send(String method, String pathAndQuery, String jsonBody, String ifMatch, String authorization) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setAbsoluteURI(baseUrls.next() + pathAndQuery)
                .setIdleTimeout(config.readTimeout().toMillis())
                .putHeader("Accept", "application/json, application/problem+json");
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        if (ifMatch != null) {
            request.putHeader("If-Match", ifMatch);
        }
        W3CTraceContextPropagator.getInstance().inject(Context.current(), request, RequestOptions::putHeader);
        if (jsonBody != null) {
            request.putHeader("Content-Type", "application/json");
        }
        long started = System.nanoTime();
        try {
            // Nested, not chained: the body handler must be in place when the answer arrives on the event loop. A
            // chained compose is attached by this worker thread, which may come after the answer has already ended
            // (its body then reads as empty: 1 in ~900 requests under load).
            DownstreamResponse response = http.request(request)
                    .compose(sent -> (jsonBody == null ? sent.send() : sent.send(jsonBody))
                            .compose(answer -> answer.body().map(body -> response(answer, body.toString(StandardCharsets.UTF_8)))))
                    .toCompletionStage().toCompletableFuture()
                    .get(config.readTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if ("GET".equals(method)) {
                Log.debugf("%s %s%s -> %d in %d ms", method, service, pathAndQuery, response.status(), millis);
            } else {
                // Changes are worth a line each (with the caller's trace id); reads would be noise.
                Log.infof("%s %s%s -> %d in %d ms", method, service, pathAndQuery, response.status(), millis);
            }
            return response;
        } catch (TimeoutException e) {
            throw timedOut(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) { // Vert.x's idle timeout of the request
                throw timedOut(cause);
            }
            throw new DownstreamUnavailableException(service, service + " is unreachable: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamUnavailableException(service, "Interrupted while calling " + service, e);
        }
    }

    private static DownstreamResponse response(HttpClientResponse answer, String body) {
        String contentType = answer.getHeader("Content-Type");
        return new DownstreamResponse(answer.statusCode(), contentType == null ? "application/json" : contentType, body,
                Optional.ofNullable(answer.getHeader("Location")));
    }

    private DownstreamUnavailableException timedOut(Throwable cause) {
        return new DownstreamUnavailableException(service, service + " did not answer within "
                + config.readTimeout().toSeconds() + " s", cause);
    }
}
