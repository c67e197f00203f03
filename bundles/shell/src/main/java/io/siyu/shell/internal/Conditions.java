package io.siyu.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.ConditionCodec;

/** Conditions typed on the console as JSON, the same form the REST API takes. */
final class Conditions {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Conditions() {
    }

    static Condition parse(String json) {
        try {
            return ConditionCodec.fromTree(JSON.readValue(json, Object.class), "condition");
        } catch (JsonProcessingException e) {
            throw new ValidationException(FieldError.of("condition", "is not JSON: " + e.getOriginalMessage()));
        }
    }

    static String format(Condition c) {
        try {
            return JSON.writeValueAsString(ConditionCodec.toTree(c));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message a console user needs instead of a stack trace. */
    static String explain(ValidationException e) {
        StringBuilder sb = new StringBuilder("Refused:");
        for (FieldError fe : e.errors()) {
            sb.append(System.lineSeparator()).append("  ").append(fe.field()).append(": ").append(fe.message());
        }
        return sb.toString();
    }
}
