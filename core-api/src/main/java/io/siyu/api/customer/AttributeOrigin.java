package io.siyu.api.customer;

import java.util.Objects;

/**
 * Where an attribute definition comes from. Built-in ones ship with Siyu, edition ones come and go
 * with their edition bundle ({@code SIYU-INF/attributes.json}), custom ones are defined at runtime
 * and are the only ones that can be changed or deleted. {@code editionId} is set for
 * {@link Kind#EDITION} only.
 */
public record AttributeOrigin(Kind kind, String editionId) {
    public enum Kind {
        BUILT_IN, EDITION, CUSTOM
    }

    public static final AttributeOrigin BUILT_IN = new AttributeOrigin(Kind.BUILT_IN, null);
    public static final AttributeOrigin CUSTOM = new AttributeOrigin(Kind.CUSTOM, null);

    public AttributeOrigin {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.EDITION) != (editionId != null && !editionId.isBlank())) {
            throw new IllegalArgumentException("an edition id is given for, and only for, edition attributes");
        }
    }

    public static AttributeOrigin edition(String editionId) {
        return new AttributeOrigin(Kind.EDITION, editionId);
    }

    @Override
    public String toString() {
        return kind == Kind.EDITION ? "edition " + editionId : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
