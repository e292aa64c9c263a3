package io.resellhub.commons.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CloudEvents-style envelope every event travels in. The Kafka record key is {@link #subject},
 * the aggregate id, so the events of one aggregate stay in order.
 */
public record EventEnvelope(
        UUID id,
        String type,
        String source,
        String subject,
        Instant time,
        int dataVersion,
        JsonNode data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }
}
