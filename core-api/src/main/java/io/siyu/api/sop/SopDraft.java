package io.siyu.api.sop;

import java.util.List;
import java.util.Objects;

/** The content of an SOP, to define one or to revise it into a new version. */
public record SopDraft(String name, SopTrigger trigger, List<SopStep> steps) {
    public SopDraft {
        name = Checks.text(name, "name").strip();
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(steps, "steps");
        steps = Checks.steps(steps, "steps");
        Checks.require(!steps.isEmpty(), "steps", "an SOP has at least one step");
    }
}
