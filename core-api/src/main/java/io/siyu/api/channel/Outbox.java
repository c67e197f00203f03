package io.siyu.api.channel;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue every outbound message passes through. A message is in the database before any
 * provider sees it; a dispatcher hands it to the adapter registered for its channel when one is, so
 * adapters may come and go without losing anything. Implemented by core; used by the reach engine,
 * by adapters (welcome messages after an add-contact callback) and by REST and the console.
 */
public interface Outbox {
    /**
     * Stores the message as {@link DeliveryState#QUEUED}. Idempotent by
     * {@link OutboundMessage#idempotencyKey()}: enqueueing a key again returns the stored entry and
     * changes nothing (a different message under a used key is a {@link io.siyu.api.ConflictException}).
     *
     * @param notBefore earliest time to send; null for now
     */
    OutboxEntry enqueue(OutboundMessage message, Instant notBefore);

    Optional<OutboxEntry> find(String idempotencyKey);

    /** The stored message itself, as the adapter will see it. */
    Optional<OutboundMessage> message(String idempotencyKey);

    /** Newest first. */
    Page<OutboxEntry> list(OutboxQuery query, PageRequest page);

    /** Per recipient, in the order they were given; empty for group messages. */
    Page<RecipientDelivery> recipients(String idempotencyKey, PageRequest page);

    /** Per channel with any message not yet final, and per channel that has a registered adapter. */
    List<OutboxDepth> depth();

    /** Puts a failed message back in the queue, now. {@link io.siyu.api.ConflictException} unless it failed. */
    OutboxEntry retry(String idempotencyKey);

    /** Cancels a queued message. {@link io.siyu.api.ConflictException} once it is being sent or later. */
    OutboxEntry cancel(String idempotencyKey);
}
