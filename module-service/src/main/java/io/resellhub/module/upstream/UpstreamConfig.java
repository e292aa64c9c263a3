package io.resellhub.module.upstream;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How module-service talks to upstream BILLmanagers. Every key has a default here, so no properties file
 * needs to mention any of them.
 */
@ConfigMapping(prefix = "module-service.upstream")
public interface UpstreamConfig {

    /** Product type → upstream item type defaults [convention]; {@link #itemTypes()} overrides or adds entries. */
    Map<String, String> DEFAULT_ITEM_TYPES = Collections.unmodifiableMap(new LinkedHashMap<>(Map.of(
            "ispsystem-license", "soft",
            "ispsystem-module", "softmodule",
            "ssl-certificate", "certificate")));

    /** How long to wait for a TCP (and TLS) connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long one call may take from sending the request to the last byte of the answer (exports are slow). */
    @WithDefault("30s")
    Duration readTimeout();

    /** {@code authinfo}: credentials with every call; {@code session}: {@code func=auth} once, then {@code auth=<sid>}. */
    @WithDefault("authinfo")
    AuthMode authMode();

    /** The {@code out=} format requested; the parser accepts any of them whatever was requested. */
    @WithDefault("json")
    OutputFormat outputFormat();

    /** The {@code lang=} sent with every call, so upstream messages are readable by our operators. */
    @WithDefault("en")
    String lang();

    /** Hosts whose BILLmanager may be reached over plain http besides loopback; none by default: https only. */
    Optional<List<String>> allowedHttpHosts();

    /**
     * Before ordering, look for a service whose note is our order id; before renewing, look whether the
     * expiry date already moved. Makes a repeated {@code order()}/{@code prolong()} (a saga retry) safe.
     */
    @WithDefault("true")
    boolean checkBeforeChange();

    /** Product type (our code) → upstream item type; entries here override {@link #DEFAULT_ITEM_TYPES}. */
    Map<String, String> itemTypes();

    Retry retry();

    Breaker circuitBreaker();

    /**
     * Calls in flight to one upstream account (URL and username) from this replica; further calls wait in
     * line. Provisioning also bounds its running actions per module by the same number across replicas.
     */
    @WithDefault("16")
    int maxConcurrentCallsPerAccount();

    /** The effective mapping: defaults with the configured entries on top. */
    default Map<String, String> effectiveItemTypes() {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULT_ITEM_TYPES);
        merged.putAll(itemTypes());
        return Collections.unmodifiableMap(merged);
    }

    /** Retries of calls that change nothing (whoami, account, pricelist.export, service reads, auth). */
    interface Retry {

        /** Retries after the first attempt; 0 disables retrying. */
        @WithDefault("2")
        int maxRetries();

        /** Wait before the first retry; doubled before each further one. */
        @WithDefault("200ms")
        Duration backoff();

        /** Upper bound of one wait. */
        @WithDefault("2s")
        Duration maxBackoff();
    }

    /** One breaker per upstream account; only transient failures count, business errors never do. */
    interface Breaker {

        /** Transiently failed attempts in a row (each retry counts) that open the circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long the circuit stays open before one trial call is let through. */
        @WithDefault("30s")
        Duration delay();
    }

    enum AuthMode {
        AUTHINFO,
        SESSION
    }

    enum OutputFormat {
        JSON("json"),
        SJSON("sjson"),
        XML("xml");

        private final String code;

        OutputFormat(String code) {
            this.code = code;
        }

        /** The value of {@code out=}. */
        public String code() {
            return code;
        }
    }
}
