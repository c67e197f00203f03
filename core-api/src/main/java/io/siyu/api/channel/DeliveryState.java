package io.siyu.api.channel;

/** Where a message (or one recipient of it) stands. */
public enum DeliveryState {
    /** Stored in the outbox, waiting for its time or for its channel's adapter. */
    QUEUED,
    /** Handed to the adapter; if the node dies now, the send is checked before it is repeated. */
    SENDING,
    /** The provider accepted it. */
    SENT,
    /** The provider reports it reached the customer (e.g. TEMPLATESENDJOBFINISH success). */
    DELIVERED,
    /** A person confirmed and sent it (WeCom mass messages need the staff member's confirmation). */
    CONFIRMED,
    FAILED,
    CANCELLED;

    /** No provider report can change it any more. */
    public boolean isFinal() {
        return this == DELIVERED || this == CONFIRMED || this == FAILED || this == CANCELLED;
    }
}
