package io.siyu.store;

import io.siyu.api.sop.SopInstanceState;
import java.time.Instant;

/**
 * A stored SOP instance (schema version 15).
 *
 * @param wakeAt set while WAITING, and kept while PAUSED so a resume knows when it was due
 * @param dueAt when an engine should look at it next; null while paused or final
 * @param waitEvent the event type a {@code waitForEvent} step waits for, since {@code waitSince}
 * @param waitEventId the event that ended such a wait, once it came
 * @param pausedBy {@code sop} when its SOP was paused, {@code instance} when paused by itself
 * @param runs how many step records it has; the next one gets this number
 * @param rowVersion increases with every change; writes compare it
 */
public record StoredSopInstance(long id, long sopId, int sopVersion, Long customerId, SopInstanceState state,
        String stepId, Instant wakeAt, Instant dueAt, String waitEvent, Instant waitSince, String waitEventId,
        String pausedBy, int runs, String leaseOwner, Instant leaseUntil, long rowVersion, String startKey,
        String triggerRef, String error, Instant startedAt, Instant updatedAt) {
}
