package io.resellhub.reselling.domain;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.persistence.AttributeConverter;
import org.hibernate.annotations.Immutable;

/** A processing module that may serve a tariff's orders, with its upstream plan (as tariff-service lists them). */
public record ServingModule(UUID processingModuleId, String upstreamTariffId) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<ServingModule>> LIST = new TypeReference<>() {
    };

    /** The JSON array stored in {@code tariff_view.modules} and {@code customer_order.candidates}; null stays null. */
    public static List<ServingModule> read(String json) {
        try {
            return json == null ? null : List.copyOf(MAPPER.readValue(json, LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable module list in the database: " + e.getMessage(), e);
        }
    }

    /**
     * Stores a list as its JSON array (jsonb). {@link Immutable}: a list is replaced, never changed in place (one
     * read back cannot be), so Hibernate's snapshot keeps the reference instead of a JSON round trip.
     */
    @Immutable
    public static class ListJson implements AttributeConverter<List<ServingModule>, String> {

        @Override
        public String convertToDatabaseColumn(List<ServingModule> modules) {
            try {
                return modules == null ? null : MAPPER.writeValueAsString(modules);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write the module list as JSON", e);
            }
        }

        @Override
        public List<ServingModule> convertToEntityAttribute(String json) {
            return read(json);
        }
    }
}
