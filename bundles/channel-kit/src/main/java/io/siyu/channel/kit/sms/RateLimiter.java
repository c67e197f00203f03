package io.siyu.channel.kit.sms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Spaces provider calls evenly to at most {@code callsPerSecond}, and holds every call back while the
 * provider has asked us to slow down ({@link #blockUntil}). Callers wait their turn in
 * {@link #acquire}; the time comes from a clock and the waiting from a {@link Sleeper}, so tests
 * need not sleep. Thread-safe.
 */
public final class RateLimiter {
    /** How a caller waits; tests move a clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper THREAD = d -> Thread.sleep(Math.max(0, d.toMillis()), (int) (d.toNanosPart() % 1_000_000));
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration interval;
    private Instant nextFree; // guarded by this
    private Instant blockedUntil; // guarded by this

    /** @param callsPerSecond 0 for no limit */
    public RateLimiter(double callsPerSecond, Clock clock, Sleeper sleeper) {
        if (callsPerSecond < 0) {
            throw new IllegalArgumentException("callsPerSecond must not be negative");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.interval = callsPerSecond == 0 ? Duration.ZERO : Duration.ofNanos((long) (1_000_000_000L / callsPerSecond));
    }

    /** Waits until this call may go; false when interrupted (the call should not be made). */
    public boolean acquire() {
        Instant slot;
        synchronized (this) {
            Instant now = clock.instant();
            slot = now;
            if (nextFree != null && nextFree.isAfter(slot)) {
                slot = nextFree;
            }
            if (blockedUntil != null && blockedUntil.isAfter(slot)) {
                slot = blockedUntil;
            }
            nextFree = slot.plus(interval);
        }
        Duration wait = Duration.between(clock.instant(), slot);
        if (wait.isNegative() || wait.isZero()) {
            return true;
        }
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** No call goes before {@code until} (the provider's rate limit answer). */
    public synchronized void blockUntil(Instant until) {
        if (blockedUntil == null || until.isAfter(blockedUntil)) {
            blockedUntil = until;
        }
    }

    /** The end of the provider's block, or null when not blocked now. */
    public synchronized Instant blockedUntil() {
        return blockedUntil != null && blockedUntil.isAfter(clock.instant()) ? blockedUntil : null;
    }

    public Duration interval() {
        return interval;
    }
}
