package io.resellhub.tariff.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.resellhub.commons.problem.ProblemException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * module-service, guarded: both calls are GETs, so they are retried; a 404 is {@code Optional.empty()}
 * and a 4xx problem is passed on, neither counting as a failure of module-service.
 */
@ApplicationScoped
public class ModuleServiceClient {

    private final ModuleServiceApi api;

    public ModuleServiceClient(@RestClient ModuleServiceApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ProblemException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = ProblemException.class)
    @CircuitBreakerName("module-service-modules")
    public Optional<ModuleInfo> module(UUID id) {
        try {
            return Optional.of(api.module(id.toString()));
        } catch (ProblemException e) {
            if (e.problem().status() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (ProcessingException e) {
            throw new ModuleServiceUnavailableException("module-service is unreachable: " + e.getMessage(), e);
        }
    }

    /** The full plan list of the module's upstream, one upstream fetch (may take seconds). */
    @Timeout(value = 45, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 500, abortOn = ProblemException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = ProblemException.class)
    @CircuitBreakerName("module-service-upstream-plans")
    public Optional<List<UpstreamPlan>> upstreamPlans(UUID moduleId, String productType) {
        try {
            return Optional.of(api.upstreamPlans(moduleId.toString(), productType));
        } catch (ProblemException e) {
            if (e.problem().status() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (ProcessingException e) {
            throw new ModuleServiceUnavailableException("module-service is unreachable: " + e.getMessage(), e);
        }
    }
}
