package io.siyu.api.channel;

import java.util.List;
import java.util.Optional;

/**
 * The channel adapters registered right now. Adapters come and go as their bundles are installed,
 * updated and removed; an absent adapter means "unavailable", never an error elsewhere.
 */
public interface ChannelRegistry {
    /** Ordered by type, then account. */
    List<ChannelDescriptor> channels();

    Optional<ChannelAdapter> adapter(String type, String account);
}
