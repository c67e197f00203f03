package io.siyu.api.analytics;

import java.util.Objects;

/**
 * One line of a leaderboard: a staff member or an org unit (its whole subtree), the customers they
 * follow now and what those customers did in the period, with the same definitions as
 * {@link io.siyu.api.org.UnitStats}; {@code tasksDone} counts staff tasks completed in the period
 * by the staff member (or the unit's staff).
 */
public record Leader(String key, String name, long customers, long newCustomers, long activeCustomers,
        long repurchasingCustomers, long tasksDone) {
    public Leader {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
    }
}
