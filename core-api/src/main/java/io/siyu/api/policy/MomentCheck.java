package io.siyu.api.policy;

import java.util.List;
import java.util.Objects;

/**
 * The moments rules' answer: a decision, and warnings for rules the brand set to warn rather than
 * block. {@code postedToday} and {@code personaToday} count the staff member's posts that day.
 */
public record MomentCheck(PolicyDecision decision, List<String> warnings, int postedToday, int personaToday) {
    public MomentCheck {
        Objects.requireNonNull(decision, "decision");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
