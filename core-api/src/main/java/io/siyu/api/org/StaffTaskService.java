package io.siyu.api.org;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/** Staff tasks: made by people, SOPs and mass sends; done by staff. Implemented by the core only. */
@ProviderType
public interface StaffTaskService {
    /**
     * @param idempotencyKey the same key returns the task already made, so an SOP step that runs
     *        twice after a crash still makes one task; null when made by hand
     */
    StaffTask create(Caller caller, StaffTaskDraft draft, String idempotencyKey);

    /**
     * A staff member's tasks, open ones by due time first (tasks without a deadline after them),
     * then closed ones, newest first.
     *
     * @param staffId null for every staff member's tasks (since 1.1)
     * @param state null for every state
     */
    Page<StaffTask> tasksOf(Caller caller, String staffId, TaskState state, PageRequest page);

    /** @throws io.siyu.api.ConflictException if the task is no longer open */
    StaffTask complete(Caller caller, long taskId);

    /** @throws io.siyu.api.ConflictException if the task is no longer open */
    StaffTask cancel(Caller caller, long taskId);
}
