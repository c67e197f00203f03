package io.siyu.api.channel;

import java.util.List;
import java.util.Set;

/**
 * A channel code to create.
 *
 * @param name the entry point's name, e.g. "门店海报-徐汇店"; becomes the contact's {@code entryPoint}
 * @param channel "type/account" of a running channel with {@link ChannelCapability#CHANNEL_CODES}
 * @param state what the provider sends back with each contact (≤ 30 characters); null to generate one
 * @param staffUserIds who a scan adds (WeCom userids), at least one
 * @param tagIds tags every contact added through the code gets
 * @param welcomeText the welcome message, null for none; {@code {name}} is replaced by the contact's name
 */
public record ChannelCodeDraft(String name, String channel, String state, List<String> staffUserIds,
        Set<Long> tagIds, String welcomeText, boolean skipVerify) {
    public ChannelCodeDraft {
        staffUserIds = staffUserIds == null ? List.of() : List.copyOf(staffUserIds);
        tagIds = tagIds == null ? Set.of() : Set.copyOf(tagIds);
    }
}
