package io.siyu.api.sop;

import java.time.Instant;
import java.util.Objects;

/**
 * What one step of one instance did: the record that makes the step run at most once, and the
 * instance's history.
 *
 * @param detail what happened, for people: the outbox key, the task id, the policy's reason, the
 *        webhook's HTTP status; may be null
 * @param attempts how often the step was started (webhook retries, sends waiting for the touch policy)
 * @param finishedAt null while {@link Outcome#STARTED}
 * @since 1.1
 */
public record SopStepRun(long instanceId, String stepId, Outcome outcome, String detail, int attempts,
        Instant startedAt, Instant finishedAt) {

    public enum Outcome {
        /** Under way: its side effect may have happened; a repeat uses the same idempotency key. */
        STARTED,
        /** The action was done (or a wait ended). */
        DONE,
        /** The touch policy refused the message; see the detail. */
        BLOCKED,
        /** Nothing to do, e.g. the customer has no identity on the channel. */
        SKIPPED,
        /** The branch took its {@code then} side. */
        THEN,
        /** The branch took its {@code otherwise} side. */
        OTHERWISE,
        /** A wait for an event ended because the event came. */
        EVENT,
        /** A wait for an event ended by its timeout. */
        TIMEOUT,
        /** Failed for good; the instance failed with it. */
        FAILED
    }

    public SopStepRun {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
