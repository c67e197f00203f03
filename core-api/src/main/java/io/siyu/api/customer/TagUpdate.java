package io.siyu.api.customer;

/**
 * A change to a tag: rename ({@code name}), move ({@code groupId}), reorder, set or clear (empty)
 * the WeCom id, or replace an auto tag's rule. Null fields keep what is stored.
 */
public record TagUpdate(String name, Long groupId, Integer order, String externalId, TagRule rule) {
    public static TagUpdate rule(TagRule rule) {
        return new TagUpdate(null, null, null, null, rule);
    }
}
