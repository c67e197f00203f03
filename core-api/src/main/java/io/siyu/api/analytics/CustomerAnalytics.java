package io.siyu.api.analytics;

import io.siyu.api.org.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Dashboard figures over the customers in the caller's data scope. Implemented by the core only.
 */
@ProviderType
public interface CustomerAnalytics {
    /** Event types that start a relationship with the brand: a WeCom contact added, an account followed. */
    Set<String> ARRIVALS = Set.of("contact.added", "follow");
    /** Event types that end one: a WeCom contact deleted by either side, an account unfollowed. */
    Set<String> DEPARTURES = Set.of("contact.removed", "unfollow");

    /**
     * Events of any of {@code eventTypes} per bucket {@code [boundaries[i], boundaries[i+1])}.
     *
     * @param boundaries at least two, strictly increasing
     * @throws io.siyu.api.ValidationException naming {@code eventTypes} or {@code boundaries}
     */
    List<EventBucket> events(Caller caller, Set<String> eventTypes, List<Instant> boundaries);

    /**
     * The loop funnel of the customers who arrived in {@code [from, to)}. Stages, each a subset of the
     * one before:
     * <ol>
     * <li>{@code leads}: an {@link #ARRIVALS arrival} event in the period;</li>
     * <li>{@code settled}: still in the pool at {@code to}: their latest arrival or
     * {@link #DEPARTURES departure} event before {@code to} is an arrival;</li>
     * <li>{@code reached}: touched by a message Siyu sent (the touch log) in the period;</li>
     * <li>{@code converted}: an order in the period;</li>
     * <li>{@code repurchased}: two or more orders in the period.</li>
     * </ol>
     *
     * @param by a text attribute to split by ({@code entryPoint}, {@code sourceChannel}), or null
     * @throws io.siyu.api.ValidationException if {@code from} is not before {@code to}
     */
    LoopFunnel loop(Caller caller, Instant from, Instant to, String by);

    /** What a leaderboard ranks. */
    enum LeaderboardBy {
        /** Every staff member whose customers the caller sees. */
        OWNER_STAFF,
        /** The children of the highest org unit in the caller's reach (a brand's stores, a bank's branches). */
        ORG_UNIT
    }

    /**
     * Best first by new customers, then active ones, then key.
     *
     * @throws io.siyu.api.ValidationException if {@code from} is not before {@code to}
     */
    List<Leader> leaderboard(Caller caller, LeaderboardBy by, Instant from, Instant to);
}
