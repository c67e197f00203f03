package io.siyu.api.customer;

/** A tag to create; a null kind means {@link TagKind#ENTERPRISE}. Validated by the service. */
public record TagDraft(String group, String name, TagKind kind) {
    public TagDraft {
        kind = kind == null ? TagKind.ENTERPRISE : kind;
    }
}
