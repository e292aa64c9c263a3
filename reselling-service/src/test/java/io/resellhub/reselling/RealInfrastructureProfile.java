package io.resellhub.reselling;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.resellhub.localinfra.RealInfrastructureResource;

/** Every test of this service runs against the real PostgreSQL and Kafka of local-infra, with tariff-service stubbed. */
public class RealInfrastructureProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealInfrastructureResource.class, Map.of("database", "reselling_service")),
                new TestResourceEntry(TariffServiceStub.class));
    }
}
