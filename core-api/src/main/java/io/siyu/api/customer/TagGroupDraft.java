package io.siyu.api.customer;

/**
 * A tag group to create, or the new content of one. On update a null field keeps what is stored and
 * an empty {@code externalId} clears it. Validated by the service.
 */
public record TagGroupDraft(String name, Integer order, String externalId) {
}
