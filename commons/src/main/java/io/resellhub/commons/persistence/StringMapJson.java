package io.resellhub.commons.persistence;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.hibernate.annotations.Immutable;

/**
 * A string map in a jsonb column (with {@code @ColumnTransformer(write = "?::jsonb")}), converted here with a
 * private mapper so the persistence format never depends on the REST layer's Jackson settings. The maps are
 * {@link Immutable}: an entity's map is replaced, never changed in place (a map read back cannot be changed), so
 * Hibernate compares the reference instead of writing and reading every loaded map again as JSON for its snapshot
 * (which showed in the provisioning worker's CPU profile).
 */
@Converter
@Immutable
public class StringMapJson implements AttributeConverter<Map<String, String>, String> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(Map<String, String> map) {
        try {
            return MAPPER.writeValueAsString(map == null ? Map.of() : new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write parameters as JSON", e);
        }
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String json) {
        try {
            return json == null ? Map.of() : Collections.unmodifiableMap(MAPPER.readValue(json, TYPE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable parameters in the database", e);
        }
    }
}
