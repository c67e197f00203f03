package io.siyu.store;

import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.MessageKind;
import java.time.Instant;
import java.util.Map;

/**
 * An outbox row; {@code recipientStates} counts recipients per state, {@code failures} the failed
 * attempts since the last success (for back-off), {@code attemptStartedAt} a call not yet settled.
 */
public record StoredOutboxMessage(long id, String idempotencyKey, String channelType, String channelAccount,
        MessageKind kind, String body, String bodyHash, DeliveryState state, int attempts, int failures, Instant nextAttemptAt,
        String leaseOwner, Instant leaseUntil, Instant attemptStartedAt, String providerMessageId, String errorCode,
        String errorMessage, int recipientCount, Map<DeliveryState, Integer> recipientStates, Instant createdAt,
        Instant updatedAt) {
    public StoredOutboxMessage {
        recipientStates = Map.copyOf(recipientStates);
    }
}
