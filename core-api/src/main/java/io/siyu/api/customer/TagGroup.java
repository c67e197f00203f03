package io.siyu.api.customer;

import java.util.Objects;

/**
 * A group of tags, such as 层级 or 来源. {@code order} sorts groups for display (ascending, then by
 * name); {@code externalId} is the WeCom corp tag group id once the group is synced, else null.
 */
public record TagGroup(long id, String name, int order, String externalId) {
    public TagGroup {
        Objects.requireNonNull(name, "name");
    }
}
