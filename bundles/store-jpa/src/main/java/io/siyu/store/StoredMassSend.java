package io.siyu.store;

import java.time.Instant;

/** A mass send row; {@code planJson} is null until a plan is accepted. */
public record StoredMassSend(long id, String name, String definitionJson, Instant scheduledAt, String state,
        String planJson, String createdBy, Instant createdAt, Instant updatedAt, int version) {
}
