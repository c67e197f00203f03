package io.siyu.store.internal;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A profile as a merge reads it: its own row plus identities, tag ids and attributes as stored. */
record MergeProfile(long id, String name, Instant createdAt, Instant updatedAt, long version,
        List<ChannelIdentity> identities, Set<Long> tags, Map<String, Attr> attributes) {

    /** An attribute value as stored in customer_attribute: type and text. */
    record Attr(String type, String text) {
        boolean empty() {
            return text == null || text.isBlank();
        }
    }

    /** Known only as anonymous visitors: such a profile never survives a merge with a known one. */
    boolean visitorOnly() {
        return !identities.isEmpty() && identities.stream().allMatch(i -> i.type() == IdentityType.VISITOR);
    }

    /** The name Siyu made up from an identity when the profile was created by an event. */
    boolean generatedName() {
        return identities.stream().anyMatch(i -> JdbcEventRepository.displayName(i).equals(name));
    }

    /**
     * The survivor rule: a known profile survives over a visitor-only one; otherwise the older one
     * (createdAt, then the lower id). The same pair gives the same survivor in either order.
     */
    boolean survivesOver(MergeProfile other) {
        if (visitorOnly() != other.visitorOnly()) {
            return !visitorOnly();
        }
        int byAge = createdAt.compareTo(other.createdAt);
        return byAge != 0 ? byAge < 0 : id < other.id;
    }
}
