package io.siyu.store;

import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Staff tasks (schema version 15, store 0.5). */
public interface StaffTaskRepository {
    /** Stores a new OPEN task; if the key is taken, returns the stored task unchanged. @param key null for none */
    StaffTask insert(StaffTaskDraft draft, String key, Instant now, String by);

    Optional<StaffTask> find(long id);

    /**
     * Open ones first by due time (no due time last), then closed ones newest first.
     *
     * @param assignee null for all; @param state null for all
     */
    List<StaffTask> list(String assignee, TaskState state, int offset, int limit);

    long count(String assignee, TaskState state);

    /** OPEN → {@code to}; empty if no such task, false inside if it was not open. */
    Optional<Boolean> close(long id, TaskState to, Instant now);

    /** Open tasks past their due time that were not reminded of yet, earliest due first. */
    List<StaffTask> overdueUnreminded(Instant now, int limit);

    /** Marks the reminder as sent; false if it already was (another node). */
    boolean markReminded(long id, Instant now);
}
