package io.siyu.api.sop;

/** Where one run of an SOP stands. */
public enum SopInstanceState {
    /** Due to run its current step. */
    RUNNING,
    /** In a wait step until {@code wakeAt} (or an awaited event). */
    WAITING,
    PAUSED,
    COMPLETED,
    STOPPED,
    /** A step failed for good; see the instance's error. */
    FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == STOPPED || this == FAILED;
    }
}
