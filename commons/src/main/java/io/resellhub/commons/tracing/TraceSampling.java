package io.resellhub.commons.tracing;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Whether spans are exported, decided at start from {@code OTEL_EXPORTER_OTLP_ENDPOINT}. Quarkus' OTLP exporter
 * cannot be switched off at run time (without an endpoint it sends to localhost:4317 and logs every failure), so
 * without an endpoint every span is dropped: a dropped span still has its trace and span id, so every log line
 * carries them and the trace context still travels over HTTP and Kafka, but nothing is recorded (no attributes,
 * events or links are kept, which recording every span spent CPU on) and the exporter never has anything to
 * send. With an endpoint, the usual parent-based sampling: a sampled caller's trace is exported whole.
 * (Quarkus keeps dropping its own /q/ endpoints on top of this sampler.)
 */
@Singleton
public class TraceSampling {

    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = "resellhub.tracing.otlp-endpoint") Optional<String> otlpEndpoint) {
        if (otlpEndpoint.filter(endpoint -> !endpoint.isBlank()).isPresent()) {
            Log.infof("Traces are exported over OTLP to %s", otlpEndpoint.get());
            return Sampler.parentBased(Sampler.alwaysOn());
        }
        return Sampler.alwaysOff();
    }
}
