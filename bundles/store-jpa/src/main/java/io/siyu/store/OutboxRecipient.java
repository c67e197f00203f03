package io.siyu.store;

import io.siyu.api.channel.DeliveryState;
import io.siyu.api.customer.ChannelIdentity;
import java.time.Instant;

/** One recipient row; {@code chunk} is the first position of the provider call it went out in. */
public record OutboxRecipient(int position, ChannelIdentity identity, DeliveryState state, Integer chunk,
        Instant attemptStartedAt, String providerMessageId, String errorCode, String errorMessage, Instant updatedAt) {
}
