package io.siyu.api.policy;

/** A customer's stated wish about one channel. No record means the channel's own default applies. */
public enum ConsentState {
    OPTED_IN,
    OPTED_OUT
}
