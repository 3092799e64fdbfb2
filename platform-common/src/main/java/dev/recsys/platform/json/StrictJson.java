package dev.recsys.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Request bodies are read strictly: an unknown field, content after the JSON value, a number where
 * a string is expected (or {@code "1"} where a number is), {@code 1.5} for an integer, a null for a
 * number, a number for one of a closed set of strings (an enum), or a NUL character in a string is
 * a 400 that names the field, never silently coerced.
 * Stored JSON is read leniently by {@link dev.recsys.platform.db.JsonColumns}.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        SimpleModule strings = new SimpleModule("strict-strings");
        strings.addDeserializer(String.class, new NoNulStrings());
        mapper.registerModule(strings);
    }

    /** Strings only from JSON strings, and never with a NUL character (PostgreSQL cannot store one). */
    static final class NoNulStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (String) context.handleUnexpectedToken(String.class, p);
            }
            String value = p.getText();
            if (value.indexOf('\0') >= 0) {
                throw context.weirdStringException(value, String.class, "text may not contain the NUL character");
            }
            return value;
        }
    }
}
