package io.siyu.store;

import java.time.Instant;

/** An event as stored, with its properties still as JSON text. */
public record StoredEvent(String id, String type, Instant occurredAt, String channel, long customerId,
        String propertiesJson) {
}
