package io.siyu.api.event;

import io.siyu.api.FieldError;
import io.siyu.api.customer.ChannelIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event to ingest. The customer is named either by Siyu id or by any identity; an unknown
 * identity creates a customer (an anonymous profile for a visitor id). Construction only
 * normalises, so a batch can report every bad item at once: see {@link #problems(String)}.
 *
 * @param channel null means the platform default for the caller ({@code api} for REST)
 * @param properties null-valued entries are dropped (JSON null means "not given")
 */
public record EventDraft(String id, String type, Instant occurredAt, String channel, Long customerId,
        ChannelIdentity identity, Map<String, Object> properties) {
    public static final int MAX_ID_LENGTH = 128;

    public EventDraft {
        if (properties == null) {
            properties = Map.of();
        } else {
            Map<String, Object> present = new LinkedHashMap<>();
            properties.forEach((k, v) -> {
                if (k != null && v != null) {
                    present.put(k, v);
                }
            });
            properties = Map.copyOf(present);
        }
    }

    public static EventDraft forCustomer(String id, String type, Instant occurredAt, long customerId,
            Map<String, Object> properties) {
        return new EventDraft(id, type, occurredAt, null, customerId, null, properties);
    }

    public static EventDraft forIdentity(String id, String type, Instant occurredAt, String channel,
            ChannelIdentity identity, Map<String, Object> properties) {
        return new EventDraft(id, type, occurredAt, channel, null, identity, properties);
    }

    /**
     * What is wrong with this draft's shape, with field paths under {@code path} (e.g.
     * {@code events[3]}); empty when it is well formed. Whether the type, customer and properties
     * make sense is for the service to decide.
     */
    public List<FieldError> problems(String path) {
        List<FieldError> errors = new ArrayList<>();
        if (id == null || id.isBlank()) {
            errors.add(FieldError.of(path + ".id", "is required"));
        } else if (id.length() > MAX_ID_LENGTH) {
            errors.add(FieldError.of(path + ".id", "must be at most " + MAX_ID_LENGTH + " characters"));
        }
        if (type == null || type.isBlank()) {
            errors.add(FieldError.of(path + ".type", "is required"));
        }
        if (occurredAt == null) {
            errors.add(FieldError.of(path + ".occurredAt", "is required"));
        }
        if ((customerId == null) == (identity == null)) {
            errors.add(FieldError.of(path + ".customer", "name the customer by customerId or by identity, not both"));
        }
        return errors;
    }
}
