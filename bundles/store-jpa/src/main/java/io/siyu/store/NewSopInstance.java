package io.siyu.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An instance to start, RUNNING at its first step and due at once.
 *
 * @param startKey names the trigger occurrence (event, firing, date); an instance is never started
 *        twice for it
 * @param liveKey at most one live instance holds it (one per SOP and customer); null for none
 */
public record NewSopInstance(long sopId, int sopVersion, Long customerId, String firstStepId, String startKey,
        String liveKey, String triggerRef, Instant now) {
    public NewSopInstance {
        Objects.requireNonNull(firstStepId, "firstStepId");
        Objects.requireNonNull(startKey, "startKey");
        Objects.requireNonNull(now, "now");
    }
}
