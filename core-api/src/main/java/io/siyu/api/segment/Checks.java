package io.siyu.api.segment;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;

/** Input checks for segment definitions; they arrive from REST, so failures name the field. */
final class Checks {
    static final int MAX_DAYS = 3650;

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

    static void days(int days, String field) {
        require(days >= 1 && days <= MAX_DAYS, field, "must be between 1 and " + MAX_DAYS);
    }
}
