package io.siyu.rest.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalDate;
import java.util.List;
import javax.ws.rs.ext.ContextResolver;

/** The API's ObjectMappers: strict on input, so typos in field names are errors, not silent loss. */
final class JsonConfig implements ContextResolver<ObjectMapper> {
    private final ObjectMapper strict = base();
    /** For bodies that are lists (POST /events): a single object counts as a list of one. */
    private final ObjectMapper listBodies = base().enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    private static ObjectMapper base() {
        return new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // DATE attribute values: "1990-05-01", without pulling in the java.time module
                .registerModule(new SimpleModule("siyu-dates").addSerializer(LocalDate.class, ToStringSerializer.instance));
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return List.class.isAssignableFrom(type) ? listBodies : strict;
    }
}
