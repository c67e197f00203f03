package io.siyu.store;

import io.siyu.api.channel.MessageKind;
import io.siyu.api.customer.ChannelIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message for the outbox.
 *
 * @param body the whole message as core serialized it; the store keeps it opaque
 * @param bodyHash SHA-256 of the body, to tell a retried enqueue from a different message under a used key
 */
public record NewOutboxMessage(String idempotencyKey, String channelType, String channelAccount, MessageKind kind,
        String body, String bodyHash, List<ChannelIdentity> recipients, Instant notBefore, Instant createdAt) {
    public NewOutboxMessage {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(body, "body");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
