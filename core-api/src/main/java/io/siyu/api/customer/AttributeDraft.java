package io.siyu.api.customer;

import java.util.List;

/**
 * A custom attribute to define, or the new content of one. Validated by the service, which reports
 * every bad field at once; on update the name is the one being changed and may be null here.
 */
public record AttributeDraft(String name, String label, AttributeType type, List<String> allowedValues,
        String description) {
    public AttributeDraft {
        allowedValues = allowedValues == null ? List.of() : allowedValues;
    }
}
