package io.resellhub.module.provisioning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.internal.util.cache.InternalCache;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.module.RealInfrastructureProfile;
import jakarta.inject.Inject;

/**
 * The consumer records many times a second: its native query must reuse one cached plan. Given a basic result class
 * ({@code createNativeQuery(sql, UUID.class)}), Hibernate caches a new plan for every execution, all under one hash,
 * so every lookup compares against all of them (seen as a third of the claim's CPU when the claim was a native
 * query; it is plain statements now, {@link PlainStatements}, and claims here only to keep adding no plans).
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class NativeQueryPlansTest {

    @Inject
    SessionFactory sessionFactory;

    @Inject
    ProvisioningWorker worker;

    @Test
    void claimingAndRecordingReuseTheirQueryPlans() throws Exception {
        long before = cachedPlans();
        for (int i = 0; i < 30; i++) {
            worker.claimDue(1);
            // An action on a module that does not exist: recorded, then failed without any upstream call.
            worker.recordAll(List.of(new ProvisioningWorker.Requested(UUID.randomUUID(), new ProvisioningRequest(
                    UUID.randomUUID(), "order", UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "p-1",
                    "ispsystem-license", 1, Map.of("ip", "10.9.9.9"), null, null, null, null, null))));
        }
        long added = cachedPlans() - before;
        assertTrue(added <= 10, "query plans cached by 30 claims and 30 recorded actions: " + added);
    }

    /** How many query plans Hibernate holds (its cache is not exposed otherwise). */
    private long cachedPlans() throws ReflectiveOperationException {
        QueryInterpretationCache cache = sessionFactory.unwrap(SessionFactoryImplementor.class).getQueryEngine()
                .getInterpretationCache();
        java.lang.reflect.Field plans = cache.getClass().getDeclaredField("queryPlanCache");
        plans.setAccessible(true);
        return ((InternalCache<?, ?>) plans.get(cache)).heldElementsEstimate();
    }
}
