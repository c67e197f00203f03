package io.siyu.api.policy;

import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One-time subscription grants (一次性订阅) of mini-program subscribe messages, counted exactly: each
 * time a user accepts a template in {@code wx.requestSubscribeMessage} they allow one message of it,
 * so each acceptance is one grant and each message sent uses exactly one. Grants live with the
 * customer (a merge takes them along). For channel adapters, which act as the system; implemented by
 * the core only.
 *
 * @since 1.2
 */
@ProviderType
public interface SubscriptionGrants {
    /**
     * Records one acceptance.
     *
     * @param scope the mini program's AppID
     * @param sourceId what reported the acceptance (the ingested event's id); the same one recorded
     *        again grants nothing more, so a batch sent twice counts once
     * @return whether this acceptance was new; false too if there is no such customer
     */
    boolean grant(long customerId, String scope, String templateId, String sourceId, Instant at);

    /** How many grants the customer has left for the template. */
    int available(long customerId, String scope, String templateId);

    /**
     * Uses the oldest grant left for one message; two senders never use the same grant.
     *
     * @param usedBy what used it (the outbox key)
     * @return false when none was left
     */
    boolean consume(long customerId, String scope, String templateId, String usedBy, Instant at);

    /**
     * Uses up every grant left, when the platform says there is none (errcode 43101), so Siyu's
     * count never claims more than WeChat allows.
     *
     * @return how many were left
     */
    int revokeAll(long customerId, String scope, String templateId, String why, Instant at);
}
