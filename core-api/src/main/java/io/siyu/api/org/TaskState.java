package io.siyu.api.org;

/** Where a staff task stands. Overdue is not a state: it is an open task past its due time. */
public enum TaskState {
    OPEN,
    DONE,
    CANCELLED
}
