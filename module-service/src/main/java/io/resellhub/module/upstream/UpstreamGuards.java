package io.resellhub.module.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * SmallRye Fault Tolerance guards per upstream account (URL and username), as the gateway guards each
 * downstream: every call has a timeout and goes through the account's circuit breaker and bulkhead (calls
 * beyond the limit wait in line); reads are also retried with exponential back-off, each attempt through
 * the breaker; changes are sent once (the provisioning saga retries those behind its never-order-twice
 * checks).
 *
 * <p>Only transient failures (timeouts, unreachable, 5xx, cut-off answers) count against the breaker and
 * are retried; a business answer such as {@code money} is the upstream working.
 *
 * <p>Metrics per account ({@code account} = username@host:port, never a password): every attempt's latency and
 * outcome ({@code resellhub.upstream.calls}: {@code ok}, {@code refused} for a business answer, {@code failed}
 * for a transient failure, breaker open included), and whether the breaker is open
 * ({@code resellhub.upstream.breaker.open}, 1 or 0). The clients are built outside CDI too (tests), so the meters
 * go to Micrometer's global registry, which Quarkus' Prometheus registry is part of.
 */
final class UpstreamGuards {

    private final UpstreamConfig config;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    UpstreamGuards(UpstreamConfig config) {
        this.config = config;
    }

    /** A call that changes nothing: retried on transient failures. */
    <T> T read(UpstreamUrl url, String username, Supplier<T> call) {
        Account account = account(url, username);
        return unchecked(account.readRetry, () -> account.call(call));
    }

    /** A call that changes upstream state: sent once. */
    <T> T change(UpstreamUrl url, String username, Supplier<T> call) {
        return account(url, username).call(call);
    }

    /** CLOSED, OPEN or HALF_OPEN: the breaker of one account. */
    String circuitState(UpstreamUrl url, String username) {
        Account account = accounts.get(key(url, username));
        return account == null ? CircuitBreakerState.CLOSED.name() : account.state.name();
    }

    /** Forgets every account's guards and breaker states (tests). */
    void reset() {
        accounts.clear();
    }

    private Account account(UpstreamUrl url, String username) {
        return accounts.computeIfAbsent(key(url, username), key -> new Account(url, username + "@" + url.hostPort()));
    }

    private static String key(UpstreamUrl url, String username) {
        return username + "@" + url;
    }

    @SuppressWarnings("unchecked")
    private static <T> T unchecked(Guard guard, Supplier<T> call) {
        return (T) guard.get((Supplier<Object>) call, Object.class);
    }

    private static boolean countsAsFailure(Throwable e) {
        if (e instanceof UpstreamException) {
            UpstreamException upstream = (UpstreamException) e;
            return upstream.transientFailure() && upstream.kind() != UpstreamFailureKind.CIRCUIT_OPEN;
        }
        return e instanceof TimeoutException;
    }

    private static String seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000) + " s";
    }

    /** One account's guards: a breaker, a timeout and a bulkhead shared by all calls; a retry for reads. */
    private final class Account {

        final UpstreamUrl url;
        final Timer succeeded;
        final Timer refused;
        final Timer failed;
        final Guard guard;
        final Guard readRetry;
        volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
        volatile String lastFailure;

        Account(UpstreamUrl url, String metricsName) {
            this.url = url;
            this.succeeded = callTimer(metricsName, "ok");
            this.refused = callTimer(metricsName, "refused");
            this.failed = callTimer(metricsName, "failed");
            Gauge.builder("resellhub.upstream.breaker.open", this, a -> a.state == CircuitBreakerState.OPEN ? 1 : 0)
                    .description("1 while the circuit breaker of this upstream account is open (calls refused)")
                    .tag("account", metricsName)
                    .register(Metrics.globalRegistry);
            UpstreamConfig.Breaker breaker = config.circuitBreaker();
            this.guard = Guard.create()
                    .withCircuitBreaker()
                    .requestVolumeThreshold(Math.max(1, breaker.failureThreshold())).failureRatio(1.0)
                    .successThreshold(1).delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .when(UpstreamGuards::countsAsFailure)
                    .onStateChange(s -> state = s)
                    .done()
                    .withTimeout().duration(callTimeout().toMillis(), ChronoUnit.MILLIS).done()
                    .withBulkhead().limit(Math.max(1, config.maxConcurrentCallsPerAccount())).queueSize(10_000)
                    .enableSynchronousQueueing().done()
                    .build();
            UpstreamConfig.Retry retry = config.retry();
            this.readRetry = Guard.create()
                    .withRetry().maxRetries(Math.max(0, retry.maxRetries()))
                    .delay(retry.backoff().toMillis(), ChronoUnit.MILLIS)
                    .withExponentialBackoff().factor(2).maxDelay(retry.maxBackoff().toMillis(), ChronoUnit.MILLIS)
                    .done()
                    .whenException(UpstreamGuards::countsAsFailure)
                    .done()
                    .build();
        }

        /** One attempt through the breaker, timeout and bulkhead, with their refusals as upstream failures. */
        <T> T call(Supplier<T> call) {
            long started = System.nanoTime();
            Timer outcome = failed;
            try {
                T answer = attempt(call);
                outcome = succeeded;
                return answer;
            } catch (UpstreamException e) {
                outcome = e.transientFailure() ? failed : refused;
                throw e;
            } finally {
                outcome.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        }

        private static Timer callTimer(String account, String outcome) {
            return Timer.builder("resellhub.upstream.calls")
                    .description("Calls to an upstream account (each attempt), by outcome")
                    .tags("account", account, "outcome", outcome)
                    .register(Metrics.globalRegistry);
        }

        private <T> T attempt(Supplier<T> call) {
            try {
                return unchecked(guard, () -> {
                    try {
                        return call.get();
                    } catch (UpstreamException e) {
                        if (countsAsFailure(e)) {
                            lastFailure = e.getMessage();
                        }
                        throw e;
                    }
                });
            } catch (CircuitBreakerOpenException e) {
                throw new UpstreamUnavailableException(UpstreamFailureKind.CIRCUIT_OPEN, "Calls to " + url
                        + " are paused after repeated failures (last: " + lastFailure + "); the next attempt is"
                        + " allowed within " + seconds(config.circuitBreaker().delay()), true, false, e);
            } catch (TimeoutException e) {
                throw new UpstreamUnavailableException(UpstreamFailureKind.TIMEOUT, "Timed out after "
                        + seconds(callTimeout()) + " waiting for " + url + " to answer", true, true, e);
            } catch (BulkheadException e) {
                throw new UpstreamUnavailableException(UpstreamFailureKind.UNREACHABLE, "Too many calls to " + url
                        + " are waiting in line; try again later", true, false, e);
            }
        }

        /** Connect and read deadlines are the transport's; this one also covers the wait for a bulkhead slot. */
        private Duration callTimeout() {
            return config.connectTimeout().plus(config.readTimeout()).plusSeconds(5);
        }
    }
}
