package io.siyu.api.channel;

/**
 * Which provider facility a message goes through; the adapter picks the provider call from it and
 * the touch policy picks the quota. Each kind needs the matching {@link ChannelCapability}.
 */
public enum MessageKind {
    /** One customer, 1:1 (WeCom sends it as a one-recipient message template the staff confirms). */
    DIRECT(ChannelCapability.DIRECT_MESSAGE),
    /** Many customers at once (群发); counts against the per-customer receive quota. */
    MASS(ChannelCapability.MASS_MESSAGE),
    /** Into customer group chats, addressed by group chat id. */
    GROUP(ChannelCapability.GROUP_MESSAGE),
    /** A provider-approved template (official-account template, mini-program subscribe message, SMS). */
    TEMPLATE(ChannelCapability.TEMPLATE_MESSAGE),
    /** The welcome message to a contact who just added a staff member; one recipient. */
    WELCOME(ChannelCapability.WELCOME_MESSAGE);

    private final ChannelCapability capability;

    MessageKind(ChannelCapability capability) {
        this.capability = capability;
    }

    public ChannelCapability capability() {
        return capability;
    }
}
