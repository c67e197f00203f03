package io.siyu.api.channel;

/** What a channel adapter can do; callers check before asking. */
public enum ChannelCapability {
    DIRECT_MESSAGE,
    MASS_MESSAGE,
    GROUP_MESSAGE,
    MOMENTS,
    TEMPLATE_MESSAGE,
    WELCOME_MESSAGE,
    TAG_SYNC,
    CONTACT_SYNC,
    CHANNEL_CODES,
    INBOUND_CALLBACKS
}
