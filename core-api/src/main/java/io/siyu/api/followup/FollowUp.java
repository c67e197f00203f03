package io.siyu.api.followup;

import java.time.Instant;
import java.util.Map;

/**
 * A recorded follow-up.
 *
 * @param eventId the {@code follow.up} event on the customer's timeline
 * @param staffId the staff member who followed up; null when an administrator without a staff record did
 * @param by the realm user who recorded it
 * @param changed the attribute changes it brought, as recorded
 * @param nextTaskId the follow-up task made for {@code nextAt}, if any
 */
public record FollowUp(String eventId, long customerId, String staffId, String by, FollowUpMethod method, String note,
        String outcome, Map<String, Object> changed, Instant at, Instant nextAt, Long nextTaskId) {
    public FollowUp {
        changed = changed == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(changed));
    }
}
