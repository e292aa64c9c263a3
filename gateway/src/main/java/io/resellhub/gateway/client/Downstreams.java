package io.resellhub.gateway.client;

import io.resellhub.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The three private services behind the gateway, each with its own guards. */
@ApplicationScoped
public class Downstreams {

    private final DownstreamClient moduleService;
    private final DownstreamClient tariffService;
    private final DownstreamClient resellingService;

    public Downstreams(GatewayConfig config) {
        this.moduleService = new DownstreamClient("module-service", config.moduleService());
        this.tariffService = new DownstreamClient("tariff-service", config.tariffService());
        this.resellingService = new DownstreamClient("reselling-service", config.resellingService());
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
