package io.resellhub.commons.tracing;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Whether spans are exported, decided at start from {@code OTEL_EXPORTER_OTLP_ENDPOINT}. Quarkus' OTLP exporter
 * cannot be switched off at run time (without an endpoint it sends to localhost:4317 and logs every failure), so
 * without an endpoint no span is sampled: spans are still created and recorded, every log line still carries the
 * trace and span id, and the trace context still travels over HTTP and Kafka, but the exporter never has anything
 * to send. With an endpoint, the usual parent-based sampling: a sampled caller's trace is exported whole.
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
        return RecordOnly.INSTANCE;
    }

    /** Records every span (trace ids in logs, context propagated) and samples none: nothing is exported. */
    enum RecordOnly implements Sampler {
        INSTANCE;

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                Attributes attributes, List<LinkData> parentLinks) {
            return SamplingResult.recordOnly();
        }

        @Override
        public String getDescription() {
            return "RecordOnly (no OTLP endpoint: nothing exported)";
        }
    }
}
