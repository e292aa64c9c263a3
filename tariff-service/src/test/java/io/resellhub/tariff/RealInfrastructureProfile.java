package io.resellhub.tariff;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.resellhub.localinfra.RealInfrastructureResource;

/** Every test of this service runs against the real PostgreSQL and Kafka of local-infra, with module-service stubbed. */
public class RealInfrastructureProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealInfrastructureResource.class, Map.of("database", "tariff_service")),
                new TestResourceEntry(ModuleServiceStub.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // Jobs are picked up quickly; the scheduled sync stays out of the way (tests sync on demand).
        return Map.of("tariff-service.imports.poll-interval", "1s", "tariff-service.sync.interval", "1h");
    }
}
