package io.resellhub.localinfra;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The event contracts, for tests: every event type has a JSON Schema of its whole record (envelope and data)
 * in commons' {@code event-schemas/<type>.json}. Producer tests check what they read off the topic, consumer
 * tests what they send, so producers and consumers cannot drift apart from the contract or each other.
 */
public final class EventContracts {

    private static final String LOCATION = "classpath:event-schemas/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

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
        JsonSchema schema = SCHEMAS.computeIfAbsent(type, EventContracts::load);
        Set<ValidationMessage> violations = schema.validate(event);
        if (!violations.isEmpty()) {
            throw new AssertionError(type + " " + event.path("id").asText() + " breaks its contract: "
                    + violations.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; "))
                    + "\n" + event);
        }
        return event;
    }

    private static JsonSchema load(String type) {
        if (EventContracts.class.getClassLoader().getResource("event-schemas/" + type + ".json") == null) {
            throw new AssertionError("No contract for event type " + type + ": add event-schemas/" + type
                    + ".json to commons");
        }
        return FACTORY.getSchema(SchemaLocation.of(LOCATION + type + ".json"), CONFIG);
    }
}
