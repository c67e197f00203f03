package io.siyu.api.customer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The editable content of a customer, used to create one and to replace one's content on update.
 * Validated by the service, which reports every bad field at once; nulls mean "empty".
 */
public record CustomerDraft(
        String displayName,
        List<ChannelIdentity> identities,
        Set<Long> tagIds,
        Map<String, Object> attributes) {
    public CustomerDraft {
        identities = identities == null ? List.of() : identities;
        tagIds = tagIds == null ? Set.of() : tagIds;
        attributes = attributes == null ? Map.of() : attributes;
    }
}
