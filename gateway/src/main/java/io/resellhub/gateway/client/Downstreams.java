package io.resellhub.gateway.client;

import io.resellhub.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** The three private services behind the gateway, each with its own guards. */
@ApplicationScoped
public class Downstreams {

    private final DownstreamClient moduleService;
    private final DownstreamClient tariffService;
    private final DownstreamClient resellingService;

    public Downstreams(GatewayConfig config, Vertx vertx) {
        this.moduleService = new DownstreamClient(vertx, "module-service", config.moduleService());
        this.tariffService = new DownstreamClient(vertx, "tariff-service", config.tariffService());
        this.resellingService = new DownstreamClient(vertx, "reselling-service", config.resellingService());
    }

    public DownstreamClient moduleService() {
        return moduleService;
    }

    public DownstreamClient tariffService() {
        return tariffService;
    }

    public DownstreamClient resellingService() {
        return resellingService;
    }
}
