/**
 * Channels and the adapter SPI. A {@link io.siyu.api.channel.ChannelAdapter} is a Declarative
 * Services component per configured (type, account), identified by the service properties
 * {@value io.siyu.api.channel.ChannelAdapter#TYPE_PROPERTY} and
 * {@value io.siyu.api.channel.ChannelAdapter#ACCOUNT_PROPERTY}. Adapters come and go with their
 * bundles; core keeps every {@link io.siyu.api.channel.OutboundMessage} in its outbox before an
 * adapter sees it, so a missing adapter only delays delivery. Inbound provider callbacks reach the
 * adapter through {@link io.siyu.api.channel.InboundCallback}, which verifies and decrypts them.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.siyu.api.channel;
