package io.siyu.api.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One stored event on a customer's timeline.
 *
 * @param id the producer's id; a second event with the same id is a duplicate and is dropped
 * @param type one of {@link EventTypes} or an edition's own dotted type
 * @param channel where it happened: a channel "type/account" key, or a source such as
 *        {@code store}, {@code import}, {@code siyu} for the platform's own events
 * @param properties type-specific details; names in {@link EventTypes} where they are common
 */
public record CustomerEvent(String id, String type, Instant occurredAt, String channel, long customerId,
        Map<String, Object> properties) {
    public CustomerEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(channel, "channel");
        properties = Map.copyOf(properties);
    }
}
