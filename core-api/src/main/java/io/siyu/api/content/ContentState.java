package io.siyu.api.content;

/**
 * Where a version of content stands. DRAFT → PENDING_REVIEW → APPROVED or REJECTED; an approved
 * version is WITHDRAWN when taken out of use, or SUPERSEDED when a newer version is approved.
 */
public enum ContentState {
    DRAFT,
    PENDING_REVIEW,
    APPROVED,
    /** Sent back with a reason; editing it makes a new draft version. */
    REJECTED,
    /** Taken out of use; editing it makes a new draft version. */
    WITHDRAWN,
    /** Was approved until a newer version was approved. */
    SUPERSEDED
}
