package io.siyu.api.sop;

/** The state of an SOP definition; it decides whether the trigger starts new instances. */
public enum SopState {
    /** Being written; the trigger is off. */
    DRAFT,
    /** The trigger starts instances. */
    ACTIVE,
    /** The trigger is off and running instances hold still until it is resumed. */
    PAUSED,
    /** Finished for good; running instances were stopped. */
    STOPPED
}
