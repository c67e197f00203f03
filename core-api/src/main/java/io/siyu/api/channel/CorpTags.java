package io.siyu.api.channel;

import java.util.List;
import java.util.Objects;

/**
 * The provider's company-wide customer tag library (WeCom corp tags, 企业客户标签): groups of tags
 * with provider ids, which staff put on their external contacts. Core keeps the Siyu side (tag groups
 * and enterprise tags with their {@code externalId}); the adapter only talks to the provider. Provider
 * errors are {@link ChannelCallException}s.
 */
public interface CorpTags {
    /** WeCom's limit on a tag or group name. */
    int MAX_NAME_LENGTH = 30;
    /** WeCom's limit on tags per corp. */
    int MAX_TAGS = 3000;

    /**
     * The namespace of this account's external-contact identities (WeCom: the corp id), so core can
     * tell which customers' tags this account marks.
     */
    String namespace();

    /** Every group with its tags, deleted ones left out, in the provider's order. */
    List<CorpTagGroup> list();

    /**
     * Adds tags to a group: the existing group {@code groupId}, or else the group named
     * {@code groupName} (created when the provider has none of that name).
     *
     * @return the group with the tags just created
     */
    CorpTagGroup add(String groupId, String groupName, List<String> tagNames);

    /** Puts tags on and takes tags off a contact, as seen by the staff member who follows them. */
    void mark(String staffUserId, String externalUserId, List<String> addTagIds, List<String> removeTagIds);

    record CorpTagGroup(String id, String name, int order, List<CorpTag> tags) {
        public CorpTagGroup {
            Strings.requireText(id, "id");
            Objects.requireNonNull(name, "name");
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    record CorpTag(String id, String name, int order) {
        public CorpTag {
            Strings.requireText(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }
}
