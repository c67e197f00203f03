package io.siyu.api.org;

import java.util.Objects;

/**
 * One line of a leaderboard of units (stores, branches): the customers its staff follow and what
 * they did in the period.
 *
 * @param customers followed by the unit's staff (its whole subtree) now
 * @param newCustomers of those, created in the period
 * @param activeCustomers of those, with an event of their own in the period (tags and segment
 *        changes Siyu made do not count)
 * @param repurchasingCustomers of those, with an order in the period after an earlier order
 * @since 1.2
 */
public record UnitStats(String unitId, String name, long customers, long newCustomers, long activeCustomers,
        long repurchasingCustomers) {
    public UnitStats {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(name, "name");
    }
}
