package io.siyu.api.channel;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A stored channel code; {@code qrCodeUrl} is the image to print or share. */
public record ChannelCodeInfo(long id, String name, String channel, String state, String providerCodeId,
        String qrCodeUrl, List<String> staffUserIds, Set<Long> tagIds, String welcomeText, boolean skipVerify,
        Instant createdAt, String createdBy) {
    public ChannelCodeInfo {
        staffUserIds = List.copyOf(staffUserIds);
        tagIds = Set.copyOf(tagIds);
    }
}
