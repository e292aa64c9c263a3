package io.resellhub.commons.events;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns envelopes into JSON and back; a payload that cannot be read is a {@link PoisonEventException}. */
@ApplicationScoped
public class EventCodec {

    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An envelope ({@link EventEnvelope} or the outbox's own shape of it) as JSON. */
    public String write(Object envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            // Never drop an event silently: the caller's transaction rolls back with the change.
            throw new IllegalStateException("Cannot serialise event " + envelope, e);
        }
    }

    public JsonNode toTree(Object data) {
        return mapper.valueToTree(data);
    }

    /** Reads an envelope and checks it is complete; anything else is poison for the dead-letter topic. */
    public EventEnvelope read(String json) {
        try {
            EventEnvelope envelope = mapper.readValue(json, EventEnvelope.class);
            if (envelope == null) {
                throw new PoisonEventException("Empty event payload");
            }
            return envelope;
        } catch (JsonProcessingException | NullPointerException | IllegalArgumentException e) {
            throw new PoisonEventException("Unreadable event: " + e.getMessage(), e);
        }
    }

    /** A UUID field of the event's data; an event without a valid one is poison. */
    public UUID uuid(EventEnvelope envelope, String field) {
        JsonNode value = envelope.data().get(field);
        try {
            return UUID.fromString(value.asText());
        } catch (RuntimeException e) {
            throw new PoisonEventException(envelope.type() + " " + envelope.id() + " has no valid " + field);
        }
    }

    /** Reads the event's data as the given type, refusing data versions this consumer does not know. */
    public <T> T data(EventEnvelope envelope, int supportedVersion, Class<T> type) {
        if (envelope.dataVersion() != supportedVersion) {
            throw new PoisonEventException("Unsupported dataVersion " + envelope.dataVersion()
                    + " of " + envelope.type() + " " + envelope.id() + " (supported: " + supportedVersion + ")");
        }
        try {
            return mapper.treeToValue(envelope.data(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEventException("Unreadable data of " + envelope.type() + " " + envelope.id() + ": "
                    + e.getMessage(), e);
        }
    }
}
