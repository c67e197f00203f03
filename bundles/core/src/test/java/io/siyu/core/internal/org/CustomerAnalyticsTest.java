package io.siyu.core.internal.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ValidationException;
import io.siyu.api.analytics.CustomerAnalytics;
import io.siyu.api.analytics.CustomerAnalytics.LeaderboardBy;
import io.siyu.api.analytics.EventBucket;
import io.siyu.api.analytics.Leader;
import io.siyu.api.analytics.LoopFunnel;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.org.Caller;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.TaskState;
import io.siyu.core.internal.EventServiceImplAccess;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.segment.CustomerAnalyticsImpl;
import io.siyu.core.internal.segment.SegmentTicks;
import io.siyu.store.NewOutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dashboard figures on Derby and PostgreSQL over the bank of {@link OrgScopeTest}: events per
 * period, the loop funnel with each stage inside the one before and values adding up to the total,
 * leaderboards of staff and units; each within the caller's data scope.
 */
class CustomerAnalyticsTest {
    static final Instant NOW = OrgScopeTest.NOW;
    /** Four day-long buckets ending just after now. */
    static final List<Instant> DAYS = List.of(NOW.minus(Duration.ofDays(4)), NOW.minus(Duration.ofDays(3)),
            NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)), NOW.plusSeconds(1));

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> stores() {
        return OrgScopeTest.stores();
    }

    /** An hour or so into the day that began {@code days} days before now. */
    static Instant at(int days, int hours) {
        return NOW.minus(Duration.ofDays(days)).plus(Duration.ofHours(hours));
    }

    static final class Loop implements AutoCloseable {
        final OrgScopeTest.Bank b;
        final CustomerAnalytics analytics;
        final long poster;
        int events;

        Loop(TestStores ts) {
            b = new OrgScopeTest.Bank(ts, OrgScopeTest.NO_CHANNELS);
            analytics = new CustomerAnalyticsImpl(ts.store, b.segments, TestStores.attributeSchema(ts.store), b.authority);
            poster = b.customers.create(Caller.SYSTEM, new CustomerDraft("海报客户", List.of(new ChannelIdentity(
                    IdentityType.WECOM_EXTERNAL_USERID, "corp1", "wm-poster")), Set.of(),
                    Map.of("ownerStaff", "am-li", "entryPoint", "门店海报"))).id();
            // li: arrived, was messaged, ordered three times; zhao: arrived and left; shared: unfollowed
            // long ago and came back; wang: followed before the period; poster: arrived, messaged, one order
            event(b.li, "contact.added", at(3, 1));
            event(b.zhao, "contact.added", at(3, 2));
            event(b.shared, "unfollow", at(5, 1));
            event(b.shared, "contact.added", at(2, 1));
            event(b.wang, "follow", at(20, 1));
            event(poster, "contact.added", at(1, 1));
            event(b.zhao, "contact.removed", at(1, 2));
            event(b.li, "order", at(2, 1));
            event(b.li, "order", at(1, 1));
            event(b.li, "order", at(1, 2));
            event(poster, "order", at(1, 3));
            touch("wm-li", at(2, 0));
            touch("wm-poster", at(1, 2));
            SegmentTicks.tick(b.segments);
        }

        void event(long customer, String type, Instant when) {
            EventServiceImplAccess.ingest(b.ts.store, b.clock, stored -> { }, new EventDraft("e-" + (++events), type,
                    when, "wecom", customer, null, Map.of(), List.of()));
        }

        /** A message to the contact entered the outbox: the touch log records it. */
        void touch(String externalUserId, Instant when) {
            b.ts.store.outbox().insert(new NewOutboxMessage("m-" + (++events), "wecom", "main", MessageKind.DIRECT, "{}",
                    "h", List.of(new ChannelIdentity(IdentityType.WECOM_EXTERNAL_USERID, "corp1", externalUserId)), when,
                    when));
        }

        @Override
        public void close() {
            b.close();
        }
    }

    static long[] events(List<EventBucket> buckets) {
        return buckets.stream().mapToLong(EventBucket::events).toArray();
    }

    static long[] customers(List<EventBucket> buckets) {
        return buckets.stream().mapToLong(EventBucket::customers).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void eventsAreCountedPerBucketWithDistinctCustomersWithinTheCallersScope(String kind, Supplier<TestStores> stores) {
        try (Loop l = new Loop(stores.get())) {
            List<EventBucket> arrivals = l.analytics.events(Caller.SYSTEM, CustomerAnalytics.ARRIVALS, DAYS);
            assertEquals(List.of(DAYS.get(0), DAYS.get(1)), List.of(arrivals.get(0).from(), arrivals.get(0).to()));
            assertEquals(List.of(0L, 2L, 1L, 1L), LongStream.of(events(arrivals)).boxed().toList(),
                    "wang's follow is before the first bucket");
            assertEquals(List.of(0L, 0L, 0L, 1L), LongStream.of(events(
                    l.analytics.events(Caller.SYSTEM, CustomerAnalytics.DEPARTURES, DAYS))).boxed().toList());
            List<EventBucket> orders = l.analytics.events(Caller.SYSTEM, Set.of("order"), DAYS);
            assertEquals(List.of(0L, 0L, 1L, 3L), LongStream.of(events(orders)).boxed().toList());
            assertEquals(List.of(0L, 0L, 1L, 2L), LongStream.of(customers(orders)).boxed().toList(),
                    "li ordered twice on the last day: two events, one customer");
            assertEquals(List.of(0L, 0L, 1L, 0L), LongStream.of(events(l.analytics.events(l.b.as("am-wang"),
                    CustomerAnalytics.ARRIVALS, DAYS))).boxed().toList(), "wang sees his own and the shared customer");
            ValidationException e = assertThrows(ValidationException.class, () -> l.analytics.events(Caller.SYSTEM,
                    Set.of("order"), List.of(NOW, NOW)));
            assertEquals("boundaries[1]", e.errors().get(0).field());
            assertEquals("eventTypes", assertThrows(ValidationException.class, () -> l.analytics.events(Caller.SYSTEM,
                    Set.of(), DAYS)).errors().get(0).field());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theLoopFunnelNarrowsStageByStageAndItsValuesAddUp(String kind, Supplier<TestStores> stores) {
        try (Loop l = new Loop(stores.get())) {
            Instant from = NOW.minus(Duration.ofDays(7));
            Instant to = NOW.plusSeconds(1);
            LoopFunnel all = l.analytics.loop(Caller.SYSTEM, from, to, "entryPoint");
            // leads: li, zhao, shared, poster; zhao left; shared was never messaged; poster ordered once
            assertEquals(new LoopFunnel.Stages(4, 3, 2, 2, 1), all.total());
            assertEquals(new LoopFunnel.Stages(1, 1, 1, 1, 0), all.byValue().get("门店海报"));
            assertEquals(new LoopFunnel.Stages(3, 2, 1, 1, 1), all.byValue().get(""), "customers without an entry point");
            assertEquals(all.total(), all.byValue().values().stream().reduce(LoopFunnel.Stages.NONE,
                    LoopFunnel.Stages::plus), "the values add up to the total");
            assertEquals(new LoopFunnel.Stages(3, 3, 2, 2, 1), l.analytics.loop(l.b.as("am-li"), from, to, null).total(),
                    "am-li follows li, the poster customer and the shared one, not zhao");
            assertEquals(new LoopFunnel.Stages(1, 1, 0, 0, 0), l.analytics.loop(l.b.as("am-wang"), from, to, null).total());
            assertEquals(new LoopFunnel.Stages(2, 2, 0, 0, 0),
                    l.analytics.loop(Caller.SYSTEM, at(4, 0), at(2, 0), null).total(),
                    "li and zhao arrived in those two days and were both still there at its end; li was messaged only after");
            assertEquals("by", assertThrows(ValidationException.class,
                    () -> l.analytics.loop(Caller.SYSTEM, from, to, "nope")).errors().get(0).field());
            assertEquals("from", assertThrows(ValidationException.class,
                    () -> l.analytics.loop(Caller.SYSTEM, to, from, null)).errors().get(0).field());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void leaderboardsRankStaffAndTheHighestUnitsChildrenInReach(String kind, Supplier<TestStores> stores) {
        try (Loop l = new Loop(stores.get())) {
            StaffTask task = l.b.ts.store.staffTasks().insert(new StaffTaskDraft(StaffTask.Kind.CALL, "am-li", "回访", null,
                    l.b.li, null, StaffTask.Priority.NORMAL, NOW), null, NOW, "test");
            l.b.ts.store.staffTasks().close(task.id(), TaskState.DONE, NOW);
            Instant from = NOW.minus(Duration.ofDays(7));
            Instant to = NOW.plusSeconds(1);
            List<Leader> staff = l.analytics.leaderboard(Caller.SYSTEM, LeaderboardBy.OWNER_STAFF, from, to);
            Leader li = staff.stream().filter(x -> x.key().equals("am-li")).findFirst().orElseThrow();
            assertEquals(List.of(3L, 3L, 3L, 1L, 1L), List.of(li.customers(), li.newCustomers(), li.activeCustomers(),
                    li.repurchasingCustomers(), li.tasksDone()),
                    "li (owned as li.wx), the poster customer (as am-li) and the shared one; li ordered again; one task done");
            assertEquals("am-li", staff.get(0).key(), "most new customers first");
            assertEquals(List.of("sh", "bj"), l.analytics.leaderboard(Caller.SYSTEM, LeaderboardBy.ORG_UNIT, from, to)
                    .stream().map(Leader::key).toList());
            assertEquals(List.of("sh-pd"), l.analytics.leaderboard(l.b.as("sh-mgr"), LeaderboardBy.ORG_UNIT, from, to)
                    .stream().map(Leader::key).toList());
            assertEquals(List.of("am-li"), l.analytics.leaderboard(l.b.as("am-li"), LeaderboardBy.OWNER_STAFF, from, to)
                    .stream().map(Leader::key).toList(), "a staff member with scope OWN sees only their own line");
            assertEquals(List.of(), l.analytics.leaderboard(l.b.as("am-li"), LeaderboardBy.ORG_UNIT, from, to));
        }
    }
}
