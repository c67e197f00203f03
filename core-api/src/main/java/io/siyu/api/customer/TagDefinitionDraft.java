package io.siyu.api.customer;

/**
 * A tag to create with all it can carry. The group is named by {@code groupId}, or by name in
 * {@code group} (created when missing). A {@link TagKind#PERSONAL} tag belongs to {@code owner},
 * which defaults to the caller; an {@link TagKind#AUTO} tag needs a {@code rule}. A null kind means
 * {@link TagKind#ENTERPRISE}, a null order 0. Validated by the service.
 */
public record TagDefinitionDraft(Long groupId, String group, String name, TagKind kind, Integer order,
        String externalId, String owner, TagRule rule) {
    public TagDefinitionDraft {
        kind = kind == null ? TagKind.ENTERPRISE : kind;
    }

    /** The plain draft of the first API version, in its group by name. */
    public static TagDefinitionDraft of(TagDraft draft) {
        return new TagDefinitionDraft(null, draft.group(), draft.name(), draft.kind(), null, null, null, null);
    }
}
