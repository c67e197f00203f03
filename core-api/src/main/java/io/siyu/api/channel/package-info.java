/**
 * Channels and the adapter SPI. A {@link io.siyu.api.channel.ChannelAdapter} is a Declarative
 * Services component per configured (type, account), identified by the service properties
 * {@value io.siyu.api.channel.ChannelAdapter#TYPE_PROPERTY} and
 * {@value io.siyu.api.channel.ChannelAdapter#ACCOUNT_PROPERTY}. Adapters come and go with their
 * bundles; core keeps every {@link io.siyu.api.channel.OutboundMessage} in its outbox before an
 * adapter sees it, so a missing adapter only delays delivery. Inbound provider callbacks reach the
 * adapter through {@link io.siyu.api.channel.InboundCallback}, which verifies and decrypts them.
 *
 * <p>1.2: {@link io.siyu.api.channel.SendResult.Accepted#recipientResults()} (per-recipient answers
 * of SMS providers) and {@link io.siyu.api.channel.SmsText} (length and segments of an SMS).
 * <p>1.3: {@code CustomerTransfers.transferGroupChats} (group chats of departed owners); a provider type,
 * so every adapter offering transfers implements it.
 * <p>1.4: {@link io.siyu.api.channel.MessageContent.LibraryTemplate}, an SMS template of the content
 * library by id, which the core resolves before the outbox stores a message.
 * <p>1.5: {@link io.siyu.api.channel.MassMessageReminders}.
 * <p>1.6: {@link io.siyu.api.channel.GroupChatStatistics} and {@link io.siyu.api.channel.AudienceStatistics},
 * the per-day figures providers compute.
 */
@org.osgi.annotation.versioning.Version("1.6.0")
package io.siyu.api.channel;
