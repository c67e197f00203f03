package io.siyu.api.org;

import java.time.Instant;
import java.util.Objects;

/** A task to create; see {@link StaffTask} for the fields. */
public record StaffTaskDraft(StaffTask.Kind kind, String assigneeStaffId, String title, String script,
        Long customerId, String sourceRef, StaffTask.Priority priority, Instant dueAt) {
    public StaffTaskDraft {
        Objects.requireNonNull(kind, "kind");
        Checks.text(assigneeStaffId, "assigneeStaffId");
        Checks.text(title, "title");
        script = script == null ? "" : script;
        priority = priority == null ? StaffTask.Priority.NORMAL : priority;
    }
}
