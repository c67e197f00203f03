package io.siyu.api.policy;

import java.time.Instant;
import java.util.Objects;

/** A staff member wants to post to moments at {@code at}; {@code persona} marks persona (IP) content. */
public record MomentRequest(String staffId, boolean persona, Instant at) {
    public MomentRequest {
        if (staffId == null || staffId.isBlank()) {
            throw new IllegalArgumentException("staffId is required");
        }
        Objects.requireNonNull(at, "at");
    }
}
