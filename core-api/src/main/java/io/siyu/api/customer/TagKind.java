package io.siyu.api.customer;

/** Who owns a tag. */
public enum TagKind {
    /** Company-wide tag, synced with WeCom corp tags where a WeCom channel is configured. */
    ENTERPRISE,
    /** A staff member's own tag for their customers. */
    PERSONAL,
    /** Put on and taken off by a rule, never by hand. */
    AUTO
}
