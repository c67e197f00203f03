package io.siyu.api.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The unified profile of one customer. {@code version} increases on every change and is used for
 * optimistic concurrency by callers that update. {@code attributes} values are String, Long,
 * BigDecimal, Boolean or LocalDate, as their {@link AttributeType} says.
 */
public record Customer(
        long id,
        String displayName,
        List<ChannelIdentity> identities,
        List<Tag> tags,
        Map<String, Object> attributes,
        Instant createdAt,
        Instant updatedAt,
        long version) {
    public Customer {
        Objects.requireNonNull(displayName, "displayName");
        identities = List.copyOf(identities);
        tags = List.copyOf(tags);
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
