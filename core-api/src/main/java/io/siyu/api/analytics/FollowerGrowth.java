package io.siyu.api.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Follows and unfollows of an official account per minute from {@code since}, counted from the
 * {@code follow}/{@code unfollow} events Siyu recorded for the account (the provider has no per-minute
 * figures). Minutes add up to the totals; {@code cumulativeNet} is the running sum of {@code net}.
 *
 * @since 1.1
 */
public record FollowerGrowth(String account, Instant since, int minutes, List<Minute> perMinute, long follows,
        long unfollows, long net) {
    public FollowerGrowth {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(since, "since");
        perMinute = List.copyOf(perMinute);
    }

    public record Minute(Instant at, long follows, long unfollows, long net, long cumulativeNet) {
        public Minute {
            Objects.requireNonNull(at, "at");
        }
    }
}
