package io.resellhub.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Downstream moduleService();

    Downstream tariffService();

    Downstream resellingService();

    /** A private service behind the gateway. */
    interface Downstream {
        /** Its base URL, or the base URLs of its replicas comma-separated: each request goes to the next one. */
        String url();

        @WithDefault("2s")
        Duration connectTimeout();

        /** Long enough for calls that reach the upstream BILLmanager (its read timeout is 30 s). */
        @WithDefault("45s")
        Duration readTimeout();

        /** Kept-alive HTTP/1.1 connections to the service at most; further requests wait for a free one. */
        @WithDefault("64")
        int maxConnections();
    }
}
