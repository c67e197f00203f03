package io.siyu.store;

import io.siyu.api.customer.ChannelIdentity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A validated event to store. The customer is named by id (or alias) or by a normalised identity
 * (exactly one); {@code propertiesJson} is the properties already written as a JSON object.
 * {@code links} are further normalised identities of the same person, linked to the customer and
 * merging the profiles that hold them. {@code amount} is the order or refund amount taken from
 * the properties (null for other events), at most 4 decimals.
 */
public record NewEvent(String id, String type, Instant occurredAt, String channel, Long customerId,
        ChannelIdentity identity, String propertiesJson, List<ChannelIdentity> links, BigDecimal amount) {
    public NewEvent(String id, String type, Instant occurredAt, String channel, Long customerId,
            ChannelIdentity identity, String propertiesJson) {
        this(id, type, occurredAt, channel, customerId, identity, propertiesJson, List.of(), null);
    }

    public NewEvent(String id, String type, Instant occurredAt, String channel, Long customerId,
            ChannelIdentity identity, String propertiesJson, List<ChannelIdentity> links) {
        this(id, type, occurredAt, channel, customerId, identity, propertiesJson, links, null);
    }

    public NewEvent {
        links = links == null ? List.of() : List.copyOf(links);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(propertiesJson, "propertiesJson");
        if ((customerId == null) == (identity == null)) {
            throw new IllegalArgumentException("an event names its customer by id or by identity");
        }
    }
}
