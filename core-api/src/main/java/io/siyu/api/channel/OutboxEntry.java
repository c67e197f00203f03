package io.siyu.api.channel;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Where one outbox message stands.
 *
 * @param attempts provider calls made so far
 * @param nextAttemptAt when the dispatcher will try next; null once the message is past the queue
 * @param providerMessageId the provider's id once accepted (WeCom msgid, template msgid); may be null
 * @param errorCode the provider's code for the last failure (e.g. {@code 45009}); null if none
 * @param recipientStates recipients per delivery state, for messages with recipients
 */
public record OutboxEntry(
        String idempotencyKey,
        String channelType,
        String channelAccount,
        MessageKind kind,
        DeliveryState state,
        int attempts,
        Instant createdAt,
        Instant updatedAt,
        Instant nextAttemptAt,
        String providerMessageId,
        String errorCode,
        String errorMessage,
        int recipientCount,
        Map<DeliveryState, Integer> recipientStates) {
    public OutboxEntry {
        Strings.requireText(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        recipientStates = recipientStates == null ? Map.of() : Map.copyOf(recipientStates);
    }

    public String channelKey() {
        return channelType + "/" + channelAccount;
    }
}
