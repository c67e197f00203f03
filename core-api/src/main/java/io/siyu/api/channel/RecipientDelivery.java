package io.siyu.api.channel;

import io.siyu.api.customer.ChannelIdentity;
import java.time.Instant;
import java.util.Objects;

/** Delivery state of one recipient of an outbox message, as the provider last reported it. */
public record RecipientDelivery(ChannelIdentity recipient, DeliveryState state, String errorCode,
        String errorMessage, Instant updatedAt) {
    public RecipientDelivery {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
