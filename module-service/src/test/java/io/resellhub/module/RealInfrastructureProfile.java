package io.resellhub.module;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.resellhub.localinfra.RealInfrastructureResource;

/** Every test of this service runs against the real PostgreSQL and Kafka of local-infra, and the simulator. */
public class RealInfrastructureProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealInfrastructureResource.class, Map.of("database", "module_service")),
                new TestResourceEntry(SimulatorResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // The scheduled watch stays out of the way: tests trigger readings on purpose. Every test shares one
        // simulator account, so its breaker stays closed here; the breaker has tests of its own. One made-up host
        // may be http.
        return Map.of("module-service.balance-watch.interval", "1h",
                "module-service.upstream.circuit-breaker.failure-threshold", "1000",
                "module-service.upstream.allowed-http-hosts", "plain-http.invalid");
    }
}
