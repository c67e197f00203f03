package io.siyu.api.event;

import io.siyu.api.FieldError;
import io.siyu.api.customer.ChannelIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event to ingest. The customer is named either by Siyu id (or an alias of a merged profile) or
 * by any identity; an unknown identity creates a customer (an anonymous profile for a visitor id).
 * Construction only normalises, so a batch can report every bad item at once: see
 * {@link #problems(String)}.
 *
 * <p>{@code identities} are further identities of the same person that the producer saw together
 * (a WeCom callback gives external_userid and unionid). They are linked to the event's customer;
 * when they belong to other profiles, those profiles merge into one
 * ({@link io.siyu.api.customer.MergeReason#SHARED_IDENTITY}, or
 * {@link io.siyu.api.customer.MergeReason#VISITOR_IDENTIFIED} for an anonymous visitor). With no
 * {@code customerId} and no {@code identity}, the first of them names the customer.
 *
 * @param channel null means the platform default for the caller ({@code api} for REST)
 * @param properties null-valued entries are dropped (JSON null means "not given")
 */
public record EventDraft(String id, String type, Instant occurredAt, String channel, Long customerId,
        ChannelIdentity identity, Map<String, Object> properties, List<ChannelIdentity> identities) {
    public static final int MAX_ID_LENGTH = 128;
    /** Identities one event may link; a callback names a handful, never a crowd. */
    public static final int MAX_IDENTITIES = 20;

    public EventDraft {
        identities = identities == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(identities));
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

    /** The single-identity form of 1.0. */
    public EventDraft(String id, String type, Instant occurredAt, String channel, Long customerId,
            ChannelIdentity identity, Map<String, Object> properties) {
        this(id, type, occurredAt, channel, customerId, identity, properties, List.of());
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
        if (customerId != null && identity != null) {
            errors.add(FieldError.of(path + ".customer", "name the customer by customerId or by identity, not both"));
        } else if (customerId == null && identity == null && identities.isEmpty()) {
            errors.add(FieldError.of(path + ".customer", "name the customer by customerId or by identity"));
        }
        if (identities.size() > MAX_IDENTITIES) {
            errors.add(FieldError.of(path + ".identities", "at most " + MAX_IDENTITIES + " identities per event"));
        }
        return errors;
    }
}
