package io.siyu.api.content;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;

/** Input checks for content records; they arrive from REST and the console, so failures name the field. */
final class Checks {
    private Checks() {
    }

    static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new ValidationException(FieldError.of(field, message));
        }
    }

    static String text(String value, String field) {
        require(value != null && !value.isBlank(), field, "is required");
        return value;
    }
}
