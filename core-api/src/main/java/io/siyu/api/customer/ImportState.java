package io.siyu.api.customer;

/** Where an import job is. */
public enum ImportState {
    RUNNING,
    /** Every row was read; bad rows, if any, are in the report and were not written. */
    DONE,
    /** Stopped early: malformed CSV, refused with abort-on-error, or the store failed; see the message. */
    FAILED
}
