package io.siyu.api.channel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider's list of customers (WeCom external contacts, 客户联系): who the staff members with
 * customer-contact permission follow, and each contact's details. Read only; provider errors are
 * {@link ChannelCallException}s.
 */
public interface ExternalContacts {
    /** The namespace of the contacts' identities (WeCom: the corp id). */
    String namespace();

    /** Staff members (WeCom userids) who may have external contacts. */
    List<String> followUsers();

    /** The external contacts of one staff member (external_userids). */
    List<String> contactsOf(String staffUserId);

    /** Details of one contact; empty when the provider does not know it (any more). */
    Optional<Contact> contact(String externalUserId);

    /** @param unionid null when the provider gives none (no open-platform binding) */
    record Contact(String externalUserId, String name, String unionid, List<Follow> follows) {
        public Contact {
            Strings.requireText(externalUserId, "externalUserId");
            Objects.requireNonNull(name, "name");
            follows = follows == null ? List.of() : List.copyOf(follows);
        }
    }

    /**
     * One staff member following the contact.
     *
     * @param state the channel-code state the contact came by, null if none
     * @param tagIds the provider's corp tag ids this staff member put on the contact
     */
    record Follow(String staffUserId, String remark, Instant addedAt, String state, List<String> tagIds) {
        public Follow {
            Strings.requireText(staffUserId, "staffUserId");
            tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
        }
    }
}
