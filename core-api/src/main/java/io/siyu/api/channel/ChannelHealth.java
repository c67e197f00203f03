package io.siyu.api.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a channel account is doing, for {@code siyu:channel-status} and the health report. Never
 * carries secrets: no tokens, keys or signed URLs, only ages and error texts.
 *
 * @param tokenAge age of the cached access token; null when there is none (yet) or the channel uses none
 * @param lastError the last provider or transport error, null if none since start
 * @param lastErrorAt when {@code lastError} happened; set exactly when {@code lastError} is
 * @param rateLimitedUntil end of the provider's current block window, null when not blocked
 */
public record ChannelHealth(Status status, Duration tokenAge, String lastError, Instant lastErrorAt,
        Instant rateLimitedUntil) {

    public enum Status {
        UP,
        /** Working but limited: rate limited, or recent errors. */
        DEGRADED,
        /** Cannot send: bad credentials, no permission, provider unreachable. */
        DOWN
    }

    public ChannelHealth {
        Objects.requireNonNull(status, "status");
        if (tokenAge != null && tokenAge.isNegative()) {
            throw new IllegalArgumentException("tokenAge must not be negative");
        }
        if ((lastError == null) != (lastErrorAt == null)) {
            throw new IllegalArgumentException("lastError and lastErrorAt go together");
        }
    }

    public static ChannelHealth up(Duration tokenAge) {
        return new ChannelHealth(Status.UP, tokenAge, null, null, null);
    }

    public boolean rateLimitedAt(Instant now) {
        return rateLimitedUntil != null && now.isBefore(rateLimitedUntil);
    }
}
