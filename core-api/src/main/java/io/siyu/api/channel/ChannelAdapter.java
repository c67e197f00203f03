package io.siyu.api.channel;

import io.siyu.api.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One configured account of one channel type, talking to the provider's wire protocol. Registered
 * as a DS service with {@link #TYPE_PROPERTY} and {@link #ACCOUNT_PROPERTY}, one instance per
 * ConfigAdmin factory configuration.
 *
 * <p>Adapters are stateless towards delivery: the outbox owns every message's state and calls
 * {@link #send} at most once at a time per message. Tokens, rate-limit windows and retries of a
 * refreshed token belong inside the adapter.
 */
public interface ChannelAdapter {
    /** Service property naming the channel type, e.g. {@code wecom}, {@code wechat-oa}. */
    String TYPE_PROPERTY = "siyu.channel.type";
    /** Service property naming the configured account, e.g. {@code main}. */
    String ACCOUNT_PROPERTY = "siyu.channel.account";

    /** Must agree with the service properties; constant for the life of the service. */
    ChannelDescriptor descriptor();

    /**
     * Hands one message to the provider. The message has at most
     * {@link ChannelLimits#maxRecipientsPerCall()} recipients (the dispatcher splits larger ones)
     * and uses a {@link MessageKind} this adapter declares.
     *
     * <p>Provider errors are returned, not thrown: an expired token is refreshed and the call
     * retried once inside the adapter, so callers never see "token expired". An exception is
     * treated like a {@link SendResult.TransientFailure} without a retry hint.
     */
    SendResult send(OutboundMessage message);

    /**
     * What the provider would refuse in this message, found without calling it (template data
     * rules, content the channel cannot carry), with field paths as {@code POST /messages} names
     * them (e.g. {@code template.data.thing1}). The outbox asks before it stores a message for a
     * running adapter and refuses the message when this is not empty, so nothing is queued that
     * can only fail. Never calls the provider; never throws.
     *
     * @since 1.2
     */
    default List<FieldError> validate(OutboundMessage message) {
        return List.of();
    }

    /**
     * Whether {@link #checkInFlight} can tell if a send cut short by a crash reached the provider.
     * Where it cannot, the outbox decides by the message's delivery guarantee (docs/channels.md).
     */
    default boolean canCheckInFlight() {
        return false;
    }

    /**
     * Asks the provider what became of a send that was in flight when the node stopped, before the
     * outbox sends it again. The provider is matched by the message's idempotency key where it
     * accepts one, otherwise by account, sender, time and content.
     *
     * @param attemptedAt when the lost attempt started, so the adapter can bound its search
     * @return {@code Accepted} if it went out, {@code PermanentFailure} if the provider refused it,
     *         {@code TransientFailure} if the provider cannot be asked now (ask again later); empty
     *         if the provider has no trace of it, so sending again cannot duplicate it
     * @throws UnsupportedOperationException if {@link #canCheckInFlight()} is false
     */
    default Optional<SendResult> checkInFlight(OutboundMessage message, Instant attemptedAt) {
        throw new UnsupportedOperationException(descriptor().key() + " cannot check in-flight sends");
    }

    /** Cheap, from what the adapter already knows; never calls the provider and never throws. */
    /**
     * Reminders for messages staff must confirm before they go out, where the provider has them.
     *
     * @since 1.5
     */
    default Optional<MassMessageReminders> massMessageReminders() {
        return Optional.empty();
    }

    ChannelHealth health();

    /**
     * The handler for provider callbacks to {@code /siyu/callback/<type>/<account>} (and below it,
     * where {@link InboundCallback#acceptsPath} says so); empty when the channel has none.
     */
    default Optional<InboundCallback> inboundCallback() {
        return Optional.empty();
    }

    /** Channel codes (QR codes attributed to entry points), when the channel has them. */
    default Optional<ChannelCodes> channelCodes() {
        return Optional.empty();
    }

    /** The provider's corp tag library (WeCom corp tags), when the channel has one. */
    default Optional<CorpTags> corpTags() {
        return Optional.empty();
    }

    /** The provider's external contacts and their details, when the channel lists them. */
    default Optional<ExternalContacts> externalContacts() {
        return Optional.empty();
    }

    /** Customer group chats, when the channel has them. */
    default Optional<GroupChats> groupChats() {
        return Optional.empty();
    }

    /**
     * Per-day figures of the account's customer group chats, when the provider computes them.
     *
     * @since 1.6
     */
    default Optional<GroupChatStatistics> groupChatStatistics() {
        return Optional.empty();
    }

    /**
     * Per-day follower and article-read figures of an official account, when the provider computes them.
     *
     * @since 1.6
     */
    default Optional<AudienceStatistics> audienceStatistics() {
        return Optional.empty();
    }

    /** Posts to customers' moments, when the channel has them. */
    default Optional<Moments> moments() {
        return Optional.empty();
    }

    /** Moving contacts between staff members at the provider, when the channel can. */
    default Optional<CustomerTransfers> customerTransfers() {
        return Optional.empty();
    }

    /**
     * The identities this account sends to, so the touch policy and mass-send plans can tell who is
     * reachable here; empty for accounts that address no customers (group chats only).
     *
     * @since 1.2
     */
    default Optional<RecipientScope> recipientScope() {
        return Optional.empty();
    }

    /**
     * How many recipients one {@link #send} of this kind may carry; the outbox splits larger messages.
     * Defaults to the descriptor's {@link ChannelLimits#maxRecipientsPerCall()}; adapters whose kinds
     * differ (an official account: one follower per template message, a whole tag per mass send) say so.
     */
    default int maxRecipientsPerCall(MessageKind kind) {
        return descriptor().limits().maxRecipientsPerCall();
    }
}
