package io.siyu.api.org;

/** Which customers a caller may see and change. */
public enum DataScope {
    /** Only the customers the caller's staff record follows (owns or shares). */
    OWN,
    /** The customers of the caller's org unit and every unit below it. */
    UNIT_SUBTREE,
    /** Every customer. */
    ALL
}
