package io.siyu.core.internal.channel;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelRegistry;
import java.util.Optional;
import java.util.function.Function;

/** Finds a running channel's facet, or says on field {@code channel} why there is none. */
final class ChannelFacets {
    private ChannelFacets() {
    }

    static <T> T find(ChannelRegistry registry, String channel, Function<ChannelAdapter, Optional<T>> facet,
            String what) {
        String[] parts = channel == null ? new String[0] : channel.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new ValidationException(FieldError.of("channel", "is required as type/account, e.g. wecom/main"));
        }
        ChannelAdapter adapter = registry.adapter(parts[0], parts[1]).orElseThrow(() -> new ValidationException(
                FieldError.of("channel", channel + " is not running")));
        return facet.apply(adapter).orElseThrow(() -> new ValidationException(
                FieldError.of("channel", channel + " has no " + what)));
    }
}
