package io.siyu.api.customer;

import java.util.Objects;

/** A tag in a tag group. Names are unique within their group. */
public record Tag(long id, String group, String name, TagKind kind) {
    public Tag {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
