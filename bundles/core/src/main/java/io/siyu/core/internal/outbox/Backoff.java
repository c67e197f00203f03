package io.siyu.core.internal.outbox;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try a transient failure again: exponential from {@code base}, capped, with ±25% jitter so
 * the messages a provider outage held back do not all return at the same second, and never before
 * the provider's own block window ({@code retryAfter}) has passed.
 */
record Backoff(Duration base, Duration cap) {
    static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(15));

    /**
     * @param failures failed attempts so far, counting this one (1 for the first failure)
     * @param random uniform in [0, 1)
     */
    Duration delay(int failures, Duration retryAfter, DoubleSupplier random) {
        long exp = base.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        long capped = Math.min(exp, cap.toMillis());
        long jittered = Math.round(capped * (0.75 + 0.5 * random.getAsDouble()));
        long floor = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
