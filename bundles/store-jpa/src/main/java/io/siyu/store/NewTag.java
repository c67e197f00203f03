package io.siyu.store;

import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
import java.util.Objects;

/** A validated tag to store: its group exists, owner is set for personal tags only, rule for auto tags only. */
public record NewTag(long groupId, String name, TagKind kind, int order, String externalId, String owner,
        TagRule rule) {
    public NewTag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
