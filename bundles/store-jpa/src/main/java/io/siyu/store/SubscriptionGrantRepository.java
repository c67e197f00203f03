package io.siyu.store;

import java.time.Instant;

/** Mini-program subscription grants, one row per acceptance (see {@link io.siyu.api.policy.SubscriptionGrants}). */
public interface SubscriptionGrantRepository {
    /** @return false if the source was recorded already or the customer does not exist (merged-away ids resolve) */
    boolean grant(long customerId, String scope, String templateId, String sourceId, Instant at);

    int available(long customerId, String scope, String templateId);

    /** Marks the oldest open grant used (compare-and-set, so concurrent senders take different ones). */
    boolean consume(long customerId, String scope, String templateId, String usedBy, Instant at);

    /** Marks every open grant used; returns how many were open. */
    int revokeAll(long customerId, String scope, String templateId, String why, Instant at);
}
