package io.siyu.api.masssend;

import java.time.Instant;
import java.util.List;

/**
 * Who a mass send would reach at {@code at}, and why the others would not.
 *
 * @param audience customers in the audience
 * @param eligible customers the touch policy allows
 * @param blocked one group per blocking rule (first rule that blocks a customer wins), with the
 *        earliest time the whole group becomes sendable (null when waiting does not help)
 * @param perStaff eligible customers per sending staff member (owner; null staffId = no owner)
 * @param preview the first few personalised texts, when the content is personalised
 * @param computeMillis how long planning took
 */
public record MassSendPlan(Instant at, long audience, long eligible, List<Blocked> blocked, List<StaffShare> perStaff,
        List<String> preview, Instant computedAt, long computeMillis) {

    public record Blocked(String ruleId, String reason, long count, Instant allowedFrom) {
    }

    public record StaffShare(String staffId, long eligible) {
    }

    public MassSendPlan {
        blocked = List.copyOf(blocked);
        perStaff = List.copyOf(perStaff);
        preview = preview == null ? List.of() : List.copyOf(preview);
    }
}
