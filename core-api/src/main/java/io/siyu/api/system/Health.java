package io.siyu.api.system;

import java.util.List;
import java.util.Objects;

/**
 * A health report. {@code store} is {@code derby} or {@code postgresql} (null while no store is
 * configured); {@code channels} are "type/account" of the channel adapters now registered;
 * {@code reason} says why the node is DOWN and is null when UP.
 */
public record Health(HealthStatus status, String version, String edition, String store, List<String> channels,
        String reason) {
    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(version, "version");
        channels = List.copyOf(channels);
    }
}
