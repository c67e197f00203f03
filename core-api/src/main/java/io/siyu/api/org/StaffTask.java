package io.siyu.api.org;

import java.time.Instant;
import java.util.Objects;

/**
 * Work for one staff member, often made by an SOP or a mass send: confirm a WeCom mass message,
 * follow up a lead, call a customer, post to moments.
 *
 * @param script what to say (话术); may be empty
 * @param customerId the customer it is about, or null
 * @param sourceRef what made it, e.g. {@code sop-instance:123}, {@code masssend:45}; null if made by hand
 * @param dueAt null when there is no deadline
 * @param completedAt set exactly when the task is no longer open
 */
public record StaffTask(long id, Kind kind, String assigneeStaffId, String title, String script, Long customerId,
        String sourceRef, Priority priority, Instant dueAt, TaskState state, Instant createdAt, Instant completedAt) {

    public enum Kind {
        CONFIRM_MASS_MESSAGE,
        FOLLOW_UP,
        CALL,
        POST_MOMENTS,
        INVITE_TO_GROUP,
        OTHER
    }

    public enum Priority {
        LOW,
        NORMAL,
        HIGH
    }

    public StaffTask {
        Objects.requireNonNull(kind, "kind");
        Checks.text(assigneeStaffId, "assigneeStaffId");
        Checks.text(title, "title");
        script = script == null ? "" : script;
        priority = priority == null ? Priority.NORMAL : priority;
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        if ((state == TaskState.OPEN) != (completedAt == null)) {
            throw new IllegalArgumentException("completedAt is set exactly when the task is closed");
        }
    }

    public boolean isOverdue(Instant now) {
        return state == TaskState.OPEN && dueAt != null && now.isAfter(dueAt);
    }
}
