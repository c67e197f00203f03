package io.siyu.api.channel;

import java.util.Objects;
import java.util.Set;

/**
 * Identifies a configured channel account and what it can do. {@code type} is e.g. {@code wecom},
 * {@code wechat-oa}, {@code sms-tencent}; {@code account} is the name of its configuration.
 */
public record ChannelDescriptor(String type, String account, String displayName,
        Set<ChannelCapability> capabilities, ChannelLimits limits) {
    public ChannelDescriptor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        displayName = displayName == null ? type + "/" + account : displayName;
        capabilities = Set.copyOf(capabilities);
        limits = limits == null ? ChannelLimits.NONE : limits;
    }

    /** "type/account", the way the console and the health report name a channel. */
    public String key() {
        return type + "/" + account;
    }
}
