package io.siyu.api.channel;

import java.util.Set;

/**
 * Which outbox messages to list; null or empty parts match everything.
 *
 * @param channel "type/account", or a type alone
 */
public record OutboxQuery(String channel, Set<DeliveryState> states) {
    public OutboxQuery {
        channel = channel == null || channel.isBlank() ? null : channel.strip();
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    public static OutboxQuery all() {
        return new OutboxQuery(null, Set.of());
    }
}
