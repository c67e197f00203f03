package io.siyu.api.sop;

import io.siyu.api.segment.Condition;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of an SOP. The {@link #id()} is unique within the definition version and, with the
 * instance, keys the step's execution so it runs at most once.
 */
public sealed interface SopStep {
    String id();

    record Wait(String id, Duration duration) implements SopStep {
        public Wait {
            Checks.stepId(id);
            Checks.require(duration != null && !duration.isNegative() && !duration.isZero(), "duration",
                    "must be positive");
        }
    }

    /** Until the next {@code time} of day in the customer's time zone (or the brand's, if unknown). */
    record WaitUntil(String id, LocalTime time) implements SopStep {
        public WaitUntil {
            Checks.stepId(id);
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * Until the customer has an event of this type matching {@code filters}, or {@code timeout}
     * passes; either way the next step runs (branch on an event condition to tell them apart).
     */
    record WaitForEvent(String id, String eventType, Map<String, Object> filters, Duration timeout)
            implements SopStep {
        public WaitForEvent {
            Checks.stepId(id);
            Checks.text(eventType, "eventType");
            filters = filters == null ? Map.of() : Map.copyOf(filters);
            Checks.require(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout",
                    "must be positive: an SOP never waits for ever");
        }
    }

    /** Runs {@code then} if the customer matches {@code condition}, else {@code otherwise}; then goes on after the branch. */
    record Branch(String id, Condition condition, List<SopStep> then, List<SopStep> otherwise) implements SopStep {
        public Branch {
            Checks.stepId(id);
            Objects.requireNonNull(condition, "condition");
            then = then == null ? List.of() : List.copyOf(then);
            otherwise = otherwise == null ? List.of() : List.copyOf(otherwise);
            Checks.require(!then.isEmpty() || !otherwise.isEmpty(), "then", "a branch with nothing on either side");
            Checks.branchIds(id, then, otherwise);
        }
    }

    record Perform(String id, SopAction action) implements SopStep {
        public Perform {
            Checks.stepId(id);
            Objects.requireNonNull(action, "action");
        }
    }
}
