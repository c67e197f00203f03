package io.siyu.api.customer;

import java.util.List;
import java.util.Objects;

/**
 * One attribute of the customer schema. {@code allowedValues} lists the values of an
 * {@link AttributeType#ENUM} in display order and is empty for every other type. A null label
 * means the name; a null description means empty.
 */
public record AttributeDefinition(
        String name,
        String label,
        AttributeType type,
        List<String> allowedValues,
        String description,
        AttributeOrigin origin) {
    public AttributeDefinition {
        Objects.requireNonNull(name, "name");
        label = label == null || label.isBlank() ? name : label;
        Objects.requireNonNull(type, "type");
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
        description = description == null ? "" : description;
        Objects.requireNonNull(origin, "origin");
    }

    /** Whether operators may change or delete it (only {@link AttributeOrigin.Kind#CUSTOM} ones). */
    public boolean editable() {
        return origin.kind() == AttributeOrigin.Kind.CUSTOM;
    }
}
