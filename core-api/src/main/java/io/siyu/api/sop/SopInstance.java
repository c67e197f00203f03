package io.siyu.api.sop;

import java.time.Instant;
import java.util.Objects;

/**
 * One run of one SOP version.
 *
 * @param customerId null for scheduled SOPs that are not about a customer
 * @param stepId the current step; null once final
 * @param wakeAt when a waiting instance runs again; set exactly when WAITING
 * @param error why it failed; set exactly when FAILED
 */
public record SopInstance(long id, long sopId, int sopVersion, Long customerId, SopInstanceState state,
        String stepId, Instant wakeAt, Instant startedAt, Instant updatedAt, String error) {
    public SopInstance {
        Objects.requireNonNull(state, "state");
        if ((state == SopInstanceState.WAITING) != (wakeAt != null)) {
            throw new IllegalArgumentException("wakeAt is set exactly when the instance is waiting");
        }
        if ((state == SopInstanceState.FAILED) != (error != null)) {
            throw new IllegalArgumentException("error is set exactly when the instance failed");
        }
        if (!state.isFinal() && stepId == null) {
            throw new IllegalArgumentException("a live instance is at some step");
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
