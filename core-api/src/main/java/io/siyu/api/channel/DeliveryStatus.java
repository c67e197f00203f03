package io.siyu.api.channel;

import io.siyu.api.customer.ChannelIdentity;
import java.time.Instant;
import java.util.Objects;

/**
 * The state of a message, or of one of its recipients, at a moment. Adapters report these to
 * {@link DeliveryReports} when a provider tells the fate of a message after the send call.
 *
 * @param channel "type/account" of the channel
 * @param messageKey the message's idempotency key; null when only the provider's id is known
 * @param providerMessageId the provider's id; null before the provider accepted it
 * @param recipient the recipient this is about; null for the whole message
 * @param errorCode the provider's code when it failed, else null
 * @param errorMessage why it failed; required when FAILED
 */
public record DeliveryStatus(
        String channel,
        String messageKey,
        String providerMessageId,
        ChannelIdentity recipient,
        DeliveryState state,
        String errorCode,
        String errorMessage,
        Instant at) {
    public DeliveryStatus {
        Strings.requireText(channel, "channel");
        if (messageKey == null && providerMessageId == null) {
            throw new IllegalArgumentException("a delivery status names the message by key or provider id");
        }
        Objects.requireNonNull(state, "state");
        if (state == DeliveryState.FAILED && (errorMessage == null || errorMessage.isBlank())) {
            throw new IllegalArgumentException("a failure says why");
        }
        Objects.requireNonNull(at, "at");
    }
}
