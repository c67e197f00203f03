package io.siyu.api;

import java.util.Objects;

/** What is wrong with one input field; {@code field} is a path such as {@code identities[2].value}. */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    public static FieldError of(String field, String message) {
        return new FieldError(field, message);
    }
}
