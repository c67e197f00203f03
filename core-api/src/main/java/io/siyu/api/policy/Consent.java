package io.siyu.api.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer's consent for one channel type, as last stated.
 *
 * @param channelType {@code wecom}, {@code wechat-oa}, {@code sms}, {@code email}…; applies to every account of it
 * @param changedAt when the customer stated it (not when Siyu learnt it)
 * @param source how it was learnt, e.g. {@code wechat-oa/main:unsubscribe}, {@code sms-reply:TD},
 *        {@code import}, {@code staff:zhangsan}
 */
public record Consent(long customerId, String channelType, ConsentState state, Instant changedAt, String source) {
    public Consent {
        if (channelType == null || channelType.isBlank()) {
            throw new IllegalArgumentException("channelType is required");
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(changedAt, "changedAt");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source is required: consent must be traceable");
        }
    }
}
