package io.siyu.api.policy;

import java.time.Instant;

/**
 * The answer to a {@link TouchRequest}, explainable to an operator.
 *
 * @param ruleId the rule that blocked it (see {@link TouchPolicy}'s RULE_ constants); null when allowed
 * @param reason a human sentence ("already received a mass message today"); null when allowed
 * @param allowedFrom the earliest time the same touch would be allowed; null when allowed, or when
 *        waiting does not help (opted out, no identity on the channel)
 */
public record PolicyDecision(boolean allowed, String ruleId, String reason, Instant allowedFrom) {
    public static final PolicyDecision ALLOWED = new PolicyDecision(true, null, null, null);

    public PolicyDecision {
        if (allowed) {
            if (ruleId != null || reason != null || allowedFrom != null) {
                throw new IllegalArgumentException("an allowed touch has no blocking rule");
            }
        } else if (ruleId == null || ruleId.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a blocked touch names its rule and reason");
        }
    }

    public static PolicyDecision block(String ruleId, String reason, Instant allowedFrom) {
        return new PolicyDecision(false, ruleId, reason, allowedFrom);
    }
}
