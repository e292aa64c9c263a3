package io.resellhub.commons.web;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Text in a request body may not hold NUL characters (PostgreSQL cannot store them): every string read
 * into a DTO, in maps and lists too, is checked, and one that has them fails as a 422 naming the field.
 * Bytes that are not UTF-8 already fail as a malformed body (400).
 */
@Singleton
public class TextRules implements ObjectMapperCustomizer {

    public static final String NUL_MESSAGE = "must not contain NUL characters";

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("resellhub-text-rules");
        module.addDeserializer(String.class, new NulFreeString());
        mapper.registerModule(module);
    }

    static final class NulFreeString extends StdScalarDeserializer<String> {

        NulFreeString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(parser, NUL_MESSAGE, value, String.class);
            }
            return value;
        }
    }
}
