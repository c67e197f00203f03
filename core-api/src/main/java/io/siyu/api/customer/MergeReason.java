package io.siyu.api.customer;

/** Why two profiles were merged. */
public enum MergeReason {
    /** An operator or integration asked for it ({@link IdentityService#merge}). */
    EXPLICIT,
    /** Both profiles turned out to hold the same person's identity (a link, or an event naming both). */
    SHARED_IDENTITY,
    /** An anonymous visitor profile was seen together with a known customer's identity. */
    VISITOR_IDENTIFIED
}
