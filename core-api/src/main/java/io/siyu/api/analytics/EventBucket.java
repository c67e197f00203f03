package io.siyu.api.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * Events of some types in {@code [from, to)}: how many there were and how many distinct customers
 * had them. Buckets of one answer do not overlap, so their {@code events} add up to the whole
 * period's; their {@code customers} need not (one customer may act on several days).
 */
public record EventBucket(Instant from, Instant to, long events, long customers) {
    public EventBucket {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
