package io.siyu.api.masssend;

public enum MassSendState {
    /** Defined; its plan can be computed any number of times. */
    DRAFT,
    /** The plan was accepted and the eligible customers' messages are in the outbox. */
    QUEUED,
    CANCELLED
}
