package io.siyu.api.customer;

/** What a bulk tagging request does to each customer. */
public enum TagAction {
    ADD,
    REMOVE
}
