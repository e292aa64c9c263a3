package io.resellhub.localinfra;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

/**
 * The event contracts, for tests: every event type has a JSON Schema of its whole record (envelope and data)
 * in commons' {@code event-schemas/<type>.json}. Producer tests check what they read off the topic, consumer
 * tests what they send, so producers and consumers cannot drift apart from the contract or each other.
 */
public final class EventContracts {

    private static final String LOCATION = "classpath:event-schemas/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventContracts() {
    }

    /** The event (a record's value) checked against the schema of its type; an AssertionError says what is wrong. */
    public static JsonNode check(String json) {
        try {
            return check(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new AssertionError("Event is not JSON: " + json, e);
        }
    }

    public static JsonNode check(JsonNode event) {
        String type = event.path("type").asText("");
        if (!type.matches("[a-z-]+\\.[a-z-]+")) {
            throw new AssertionError("Event without a valid type: " + event);
        }
        Schema schema = SCHEMAS.computeIfAbsent(type, EventContracts::load);
        // The validator reads Jackson 3 trees; the event, a Jackson 2 tree here, goes over as text.
        List<Error> violations = schema.validate(event.toString(), InputFormat.JSON);
        if (!violations.isEmpty()) {
            throw new AssertionError(type + " " + event.path("id").asText() + " breaks its contract: "
                    + violations.stream().map(Error::toString).sorted().collect(Collectors.joining("; "))
                    + "\n" + event);
        }
        return event;
    }

    private static Schema load(String type) {
        if (EventContracts.class.getClassLoader().getResource("event-schemas/" + type + ".json") == null) {
            throw new AssertionError("No contract for event type " + type + ": add event-schemas/" + type
                    + ".json to commons");
        }
        return REGISTRY.getSchema(SchemaLocation.of(LOCATION + type + ".json"));
    }
}
