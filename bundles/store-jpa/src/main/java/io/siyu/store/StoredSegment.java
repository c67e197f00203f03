package io.siyu.store;

import java.time.Instant;

/** A segment as stored: its condition tree as JSON (the core owns the format). */
public record StoredSegment(long id, String name, String description, String definitionJson, long version,
        Instant createdAt, Instant updatedAt) {
}
