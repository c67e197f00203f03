package io.siyu.api.followup;

/** How the staff member reached the customer. */
public enum FollowUpMethod {
    CALL,
    WECHAT,
    VISIT,
    MEETING,
    SMS,
    EMAIL,
    OTHER
}
