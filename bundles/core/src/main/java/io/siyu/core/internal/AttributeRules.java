package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks an attribute definition (custom or from an edition) and returns its canonical form. */
public final class AttributeRules {
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    static final int MAX_LABEL = 100;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_ALLOWED_VALUES = 100;
    static final int MAX_ALLOWED_VALUE = 200;

    private AttributeRules() {
    }

    /** @throws ValidationException naming every bad field */
    public static AttributeDefinition check(AttributeDraft draft, AttributeOrigin origin) {
        List<FieldError> errors = new ArrayList<>();
        String name = draft.name() == null ? "" : draft.name().strip();
        if (!NAME.matcher(name).matches()) {
            errors.add(FieldError.of("name", "attribute names start with a letter and use letters, digits, _ . - (≤64)"));
        }
        String label = draft.label() == null || draft.label().isBlank() ? name : draft.label().strip();
        if (label.length() > MAX_LABEL) {
            errors.add(FieldError.of("label", "must be at most " + MAX_LABEL + " characters"));
        }
        String description = draft.description() == null ? "" : draft.description().strip();
        if (description.length() > MAX_DESCRIPTION) {
            errors.add(FieldError.of("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (draft.type() == null) {
            errors.add(FieldError.of("type", "is required (" + typeNames() + ")"));
        }
        List<String> allowed = new ArrayList<>();
        if (draft.type() == AttributeType.ENUM) {
            checkAllowedValues(draft.allowedValues(), allowed, errors);
        } else if (!draft.allowedValues().isEmpty()) {
            errors.add(FieldError.of("allowedValues", "only ENUM attributes have allowed values"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new AttributeDefinition(name, label, draft.type(), allowed, description, origin);
    }

    private static void checkAllowedValues(List<String> values, List<String> out, List<FieldError> errors) {
        if (values.isEmpty()) {
            errors.add(FieldError.of("allowedValues", "an ENUM attribute needs at least one allowed value"));
            return;
        }
        if (values.size() > MAX_ALLOWED_VALUES) {
            errors.add(FieldError.of("allowedValues", "at most " + MAX_ALLOWED_VALUES + " allowed values"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String field = "allowedValues[" + i + "]";
            String v = values.get(i) == null ? "" : values.get(i).strip();
            if (v.isEmpty()) {
                errors.add(FieldError.of(field, "must not be empty"));
            } else if (v.length() > MAX_ALLOWED_VALUE) {
                errors.add(FieldError.of(field, "must be at most " + MAX_ALLOWED_VALUE + " characters"));
            } else if (!seen.add(v)) {
                errors.add(FieldError.of(field, "'" + v + "' is listed twice"));
            } else {
                out.add(v);
            }
        }
    }

    public static String typeNames() {
        List<String> names = new ArrayList<>();
        for (AttributeType t : AttributeType.values()) {
            names.add(t.name());
        }
        return String.join(", ", names);
    }
}
