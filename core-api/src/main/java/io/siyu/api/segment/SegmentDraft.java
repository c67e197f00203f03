package io.siyu.api.segment;

import java.util.Objects;

/** A segment to define or the new content of one; {@code description} may be null. */
public record SegmentDraft(String name, String description, Condition condition) {
    public static final int MAX_NAME_LENGTH = 64;

    public SegmentDraft {
        name = Checks.text(name, "name").strip();
        Checks.require(name.length() <= MAX_NAME_LENGTH, "name", "must be at most " + MAX_NAME_LENGTH + " characters");
        description = description == null ? "" : description;
        Objects.requireNonNull(condition, "condition");
    }
}
