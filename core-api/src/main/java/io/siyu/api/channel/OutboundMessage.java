package io.siyu.api.channel;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.policy.TouchScenario;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message on its way to a provider, as the outbox stored it.
 *
 * @param idempotencyKey unique per message for ever; the outbox's key and, where the provider takes
 *        one, the provider's client reference, so a retry after a crash is not a second message
 * @param recipients who receives it, as identities on this channel; empty only for {@link MessageKind#GROUP}
 * @param groupChatIds the group chats a {@link MessageKind#GROUP} message goes to; empty otherwise
 * @param scenario why a 1:1 message was allowed by the touch policy; null for kinds that are not 1:1
 * @param senderStaffId the staff member it is sent as (WeCom needs one for mass and 1:1); may be null
 * @param options provider-specific extras, keys prefixed with the channel type, e.g.
 *        {@code wecom.welcomeCode} for a {@link MessageKind#WELCOME} message
 */
public record OutboundMessage(
        String idempotencyKey,
        String channelType,
        String channelAccount,
        MessageKind kind,
        List<ChannelIdentity> recipients,
        List<String> groupChatIds,
        MessageContent content,
        TouchScenario scenario,
        String senderStaffId,
        Map<String, String> options) {
    public static final int MAX_KEY_LENGTH = 128;

    public OutboundMessage {
        Strings.requireText(idempotencyKey, "idempotencyKey");
        if (idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("idempotencyKey longer than " + MAX_KEY_LENGTH);
        }
        Strings.requireText(channelType, "channelType");
        Strings.requireText(channelAccount, "channelAccount");
        Objects.requireNonNull(kind, "kind");
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        groupChatIds = groupChatIds == null ? List.of() : List.copyOf(groupChatIds);
        Objects.requireNonNull(content, "content");
        options = options == null ? Map.of() : Map.copyOf(options);

        if (kind == MessageKind.GROUP) {
            if (groupChatIds.isEmpty() || !recipients.isEmpty()) {
                throw new IllegalArgumentException("a group message goes to group chats, not to customers");
            }
        } else if (recipients.isEmpty() || !groupChatIds.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " message goes to customers, not to group chats");
        }
        if (kind == MessageKind.WELCOME && recipients.size() != 1) {
            throw new IllegalArgumentException("a welcome message has exactly one recipient");
        }
        if (kind == MessageKind.TEMPLATE && !(content instanceof MessageContent.Template)
                && !(content instanceof MessageContent.LibraryTemplate)) {
            throw new IllegalArgumentException("a template message needs template content");
        }
    }

    /** "type/account", the channel this message must go through. */
    public String channelKey() {
        return channelType + "/" + channelAccount;
    }
}
