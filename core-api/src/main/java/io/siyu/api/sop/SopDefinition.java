package io.siyu.api.sop;

import java.util.List;
import java.util.Objects;

/** One version of an SOP. Versions are immutable; a revision makes the next one. */
public record SopDefinition(long id, int version, String name, SopTrigger trigger, List<SopStep> steps,
        SopState state) {
    public SopDefinition {
        Checks.require(version >= 1, "version", "starts at 1");
        Checks.text(name, "name");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(steps, "steps");
        steps = Checks.steps(steps, "steps");
        Checks.require(!steps.isEmpty(), "steps", "an SOP has at least one step");
        Objects.requireNonNull(state, "state");
    }
}
