package io.siyu.api.segment;

import java.util.Objects;

/** A stored segment. {@code version} increases on every change, for optimistic concurrency. */
public record SegmentDefinition(long id, String name, String description, Condition condition, long version) {
    public SegmentDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(condition, "condition");
    }
}
