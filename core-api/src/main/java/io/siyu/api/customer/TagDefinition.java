package io.siyu.api.customer;

import java.util.Objects;

/**
 * Everything about a tag. {@link Tag} stays the short form customers carry; this adds the group id,
 * the display order, the WeCom corp tag id ({@code externalId}, null until synced), the owner of a
 * {@link TagKind#PERSONAL} tag (a staff id; null otherwise) and the rule of an {@link TagKind#AUTO}
 * tag (null otherwise).
 */
public record TagDefinition(long id, long groupId, String group, String name, TagKind kind, int order,
        String externalId, String owner, TagRule rule) {
    public TagDefinition {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** The short form, as customers carry it. */
    public Tag tag() {
        return new Tag(id, group, name, kind);
    }
}
