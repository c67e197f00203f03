package io.siyu.core.internal.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ForbiddenException;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.analytics.AudienceReport;
import io.siyu.api.analytics.CollectReport;
import io.siyu.api.analytics.FollowerGrowth;
import io.siyu.api.analytics.GroupChatReport;
import io.siyu.api.channel.AudienceStatistics;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.GroupChatStatistics;
import io.siyu.api.channel.GroupChatStatistics.Figures;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.org.Authority;
import io.siyu.store.NewEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The daily collection of provider figures (schema 20) on Derby and PostgreSQL: backfill of missing
 * days, idempotent re-pulls, one run per account and day across nodes, the sums (net growth, follower
 * totals, reads by source), and follower growth per minute from recorded events.
 */
class ChannelStatisticsImplTest {
    /** 2026-11-20 10:00 in China: yesterday is the 19th. */
    static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");
    static final LocalDate YESTERDAY = LocalDate.parse("2026-11-19");
    static final Caller ADMIN = new Caller("admin", Set.of("siyu-admin"), null, DataScope.ALL);
    static final Caller VIEWER = new Caller("viewer", Set.of("siyu-viewer"), null, DataScope.ALL);

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** Group chats growing by day: day n (days since 2026-01-01) has n new chats, 2n new members. */
    static class FakeGroups implements GroupChatStatistics {
        final List<String> calls = new ArrayList<>();
        long bonus;

        @Override
        public List<Day> byDay(LocalDate from, LocalDate to, List<String> owners) {
            calls.add("byDay " + from + ".." + to);
            List<Day> days = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(new Day(d, owner(d, "zhang").plus(owner(d, "li"))));
            }
            return days;
        }

        @Override
        public Map<String, Figures> byOwner(LocalDate day) {
            calls.add("byOwner " + day);
            Map<String, Figures> m = new LinkedHashMap<>();
            m.put("zhang", owner(day, "zhang"));
            m.put("li", owner(day, "li"));
            return m;
        }

        Figures owner(LocalDate d, String who) {
            long n = d.getDayOfYear() + (who.equals("li") ? 100 : 0) + bonus;
            return new Figures(n, 10 * n, n / 2, 2 * n, 20 * n, n, 5 * n);
        }
    }

    /** 100 followers before the 10th; each day 5 follow by QR code, 2 by search, 3 unfollow. */
    static final class FakeAudience implements AudienceStatistics {
        long cumulateError;

        @Override
        public List<FollowDay> follows(LocalDate from, LocalDate to) {
            List<FollowDay> out = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                out.add(new FollowDay(d, 30, 5, 1));
                out.add(new FollowDay(d, 1, 2, 2));
            }
            return out;
        }

        @Override
        public List<CumulateDay> cumulate(LocalDate from, LocalDate to) {
            List<CumulateDay> out = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                long days = d.toEpochDay() - LocalDate.parse("2026-11-09").toEpochDay();
                out.add(new CumulateDay(d, 100 + 4 * days + (d.equals(YESTERDAY) ? cumulateError : 0)));
            }
            return out;
        }

        @Override
        public List<ReadDay> reads(LocalDate from, LocalDate to) {
            List<ReadDay> out = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                out.add(new ReadDay(d, 0, 7, 9, 1, 1));
                out.add(new ReadDay(d, 2, 3, 4, 0, 0));
                out.add(new ReadDay(d, ALL_SOURCES, 9, 13, 1, 1));
            }
            return out;
        }
    }

    record Fake(ChannelDescriptor descriptor, GroupChatStatistics groups, AudienceStatistics audience)
            implements ChannelAdapter {
        @Override
        public SendResult send(OutboundMessage message) {
            throw new AssertionError("collecting figures never sends");
        }

        @Override
        public ChannelHealth health() {
            return new ChannelHealth(ChannelHealth.Status.UP, null, null, null, null);
        }

        @Override
        public Optional<GroupChatStatistics> groupChatStatistics() {
            return Optional.ofNullable(groups);
        }

        @Override
        public Optional<AudienceStatistics> audienceStatistics() {
            return Optional.ofNullable(audience);
        }
    }

    static ChannelRegistry registry(List<Fake> fakes) {
        return new ChannelRegistry() {
            @Override
            public List<ChannelDescriptor> channels() {
                return fakes.stream().map(Fake::descriptor).toList();
            }

            @Override
            public Optional<ChannelAdapter> adapter(String type, String account) {
                return fakes.stream().filter(f -> f.descriptor().type().equals(type)
                        && f.descriptor().account().equals(account)).map(f -> (ChannelAdapter) f).findFirst();
            }
        };
    }

    static ChannelDescriptor descriptor(String type, String account) {
        return new ChannelDescriptor(type, account, null, EnumSet.noneOf(io.siyu.api.channel.ChannelCapability.class),
                ChannelLimits.NONE);
    }

    static ChannelStatisticsImpl service(TestStores s, List<Fake> fakes, MutableClock clock) {
        return new ChannelStatisticsImpl(registry(fakes), s.store.channelStats(), s.store.settings(),
                Authority.of(s.store, List::of), clock, 9, 30, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void dailyRunBackfillsOncePerDayAndRepullReplaces(String name, Supplier<TestStores> st) {
        try (TestStores s = st.get()) {
            FakeGroups groups = new FakeGroups();
            List<Fake> fakes = List.of(new Fake(descriptor("wecom", "main"), groups, null));
            MutableClock clock = new MutableClock(NOW);
            ChannelStatisticsImpl stats = service(s, fakes, clock);

            CollectReport first = stats.collectDue();
            assertEquals(1, first.accounts().size());
            assertEquals(30, first.accounts().get(0).days().size(), "the last 30 days backfilled");
            assertEquals(List.of(), first.accounts().get(0).problems());
            assertEquals("byDay 2026-10-21..2026-11-19", groups.calls.get(0));
            assertEquals(List.of(), stats.collectDue().accounts(), "a second run the same day does nothing");
            // a second node sharing the database does not pull either
            assertEquals(List.of(), service(s, fakes, clock).collectDue().accounts());

            GroupChatReport report = stats.groupChats(VIEWER, "main", YESTERDAY.minusDays(2), YESTERDAY, null);
            assertEquals(3, report.days().size());
            Figures y = report.days().get(2).figures();
            assertEquals(groups.owner(YESTERDAY, "zhang").plus(groups.owner(YESTERDAY, "li")), y);
            assertEquals(List.of("li", "zhang"), report.owners());
            assertEquals(List.of(), report.missing());
            GroupChatReport li = stats.groupChats(VIEWER, "main", YESTERDAY, YESTERDAY, "li");
            assertEquals(groups.owner(YESTERDAY, "li"), li.days().get(0).figures());

            // the next day: only the new day is pulled
            clock.advance(Duration.ofDays(1));
            groups.calls.clear();
            CollectReport next = stats.collectDue();
            assertEquals(List.of(YESTERDAY.plusDays(1)), next.accounts().get(0).days());
            assertEquals(List.of("byDay 2026-11-20..2026-11-20", "byOwner 2026-11-20"), groups.calls);

            // pulled again on demand with changed figures: replaced, not added
            groups.bonus = 1000;
            stats.collect(ADMIN, "wecom/main", YESTERDAY, YESTERDAY);
            Figures again = stats.groupChats(VIEWER, "main", YESTERDAY, YESTERDAY, null).days().get(0).figures();
            assertEquals(groups.owner(YESTERDAY, "zhang").plus(groups.owner(YESTERDAY, "li")), again);
            assertEquals(List.of("li", "zhang"), stats.groupChats(VIEWER, "main", YESTERDAY, YESTERDAY, null).owners());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void ownersThatDoNotAddUpAreFlaggedAndKept(String name, Supplier<TestStores> st) {
        try (TestStores s = st.get()) {
            FakeGroups groups = new FakeGroups() {
                @Override
                public Map<String, Figures> byOwner(LocalDate day) {
                    return Map.of("zhang", owner(day, "zhang"));
                }
            };
            ChannelStatisticsImpl stats = service(s, List.of(new Fake(descriptor("wecom", "main"), groups, null)),
                    new MutableClock(NOW));
            CollectReport r = stats.collect(ADMIN, null, YESTERDAY, YESTERDAY);
            assertEquals(6, r.accounts().get(0).problems().size(), r.toString());
            GroupChatReport.Day day = stats.groupChats(VIEWER, "main", YESTERDAY, YESTERDAY, null).days().get(0);
            assertEquals(groups.owner(YESTERDAY, "zhang").plus(groups.owner(YESTERDAY, "li")), day.figures(),
                    "the account's own figures are kept");
            assertTrue(day.problems().get(0).startsWith("newChats: owners sum to"), day.problems().toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void officialAccountFiguresAddUp(String name, Supplier<TestStores> st) {
        try (TestStores s = st.get()) {
            FakeAudience audience = new FakeAudience();
            ChannelStatisticsImpl stats = service(s, List.of(new Fake(descriptor("wechat-oa", "main"), null, audience)),
                    new MutableClock(NOW));
            CollectReport r = stats.collect(ADMIN, "wechat-oa/main", LocalDate.parse("2026-11-10"), YESTERDAY);
            assertEquals(10, r.accounts().get(0).days().size());
            assertEquals(List.of(), r.accounts().get(0).problems());

            AudienceReport report = stats.officialAccount(VIEWER, "main", LocalDate.parse("2026-11-10"), YESTERDAY);
            assertEquals(10, report.days().size());
            AudienceReport.Day prev = null;
            for (AudienceReport.Day d : report.days()) {
                assertEquals(7, d.newFollows());
                assertEquals(3, d.unfollows());
                assertEquals(d.newFollows() - d.unfollows(), d.net());
                assertEquals(Map.of("qr-code", 5L, "search", 2L), d.newBySource());
                assertEquals(d.reads(), d.readsBySource().values().stream().mapToLong(Long::longValue).sum());
                assertEquals(Map.of("session", 9L, "moments", 4L), d.readsBySource());
                assertEquals(13L, d.providerReads());
                if (prev != null) {
                    assertEquals(prev.followers() + d.net(), d.followers());
                }
                prev = d;
            }
            assertEquals(40, report.totals().net());
            assertEquals(104L, report.totals().firstFollowers());
            assertEquals(140L, report.totals().lastFollowers());
            assertEquals(130, report.totals().reads());

            // the provider's total disagreeing with yesterday's plus net growth: kept, and flagged
            audience.cumulateError = 5;
            CollectReport again = stats.collect(ADMIN, "wechat-oa/main", YESTERDAY, YESTERDAY);
            assertEquals(1, again.accounts().get(0).problems().size(), again.toString());
            AudienceReport.Day y = stats.officialAccount(VIEWER, "main", YESTERDAY, YESTERDAY).days().get(0);
            assertEquals(145L, y.followers());
            assertTrue(y.problems().get(0).contains("previous day's 136 plus net 4"), y.problems().toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void followerGrowthPerMinuteFromRecordedEvents(String name, Supplier<TestStores> st) {
        try (TestStores s = st.get()) {
            ChannelStatisticsImpl stats = service(s, List.of(new Fake(descriptor("wechat-oa", "main"), null,
                    new FakeAudience())), new MutableClock(NOW));
            long c = s.store.customers().insert(new CustomerDraft("王芳", List.of(), Set.of(), Map.of()), NOW).id();
            Instant sent = Instant.parse("2026-11-20T01:00:00Z");
            List<NewEvent> events = new ArrayList<>();
            int[] followsAt = {0, 0, 1, 5, 59, 60};
            for (int i = 0; i < followsAt.length; i++) {
                events.add(new NewEvent("f" + i, "follow", sent.plusSeconds(60L * followsAt[i] + 30), "wechat-oa/main",
                        c, null, "{}"));
            }
            events.add(new NewEvent("u1", "unfollow", sent.plusSeconds(61), "wechat-oa/main", c, null, "{}"));
            events.add(new NewEvent("o1", "follow", sent.plusSeconds(10), "wechat-oa/other", c, null, "{}"));
            events.add(new NewEvent("b1", "follow", sent.minusSeconds(1), "wechat-oa/main", c, null, "{}"));
            s.store.events().ingest(events, NOW);

            FollowerGrowth g = stats.followerGrowth(VIEWER, "main", sent, 60);
            assertEquals(60, g.perMinute().size());
            assertEquals(5, g.follows(), "minute 60 is outside, other accounts and earlier events do not count");
            assertEquals(1, g.unfollows());
            assertEquals(4, g.net());
            assertEquals(2, g.perMinute().get(0).follows());
            assertEquals(1, g.perMinute().get(1).follows());
            assertEquals(1, g.perMinute().get(1).unfollows());
            assertEquals(0, g.perMinute().get(1).net());
            assertEquals(2, g.perMinute().get(1).cumulativeNet());
            assertEquals(4, g.perMinute().get(59).cumulativeNet());
            assertEquals(sent.plusSeconds(59 * 60), g.perMinute().get(59).at());

            // a send at a fraction of a second: a follow stamped in that whole second counts
            s.store.events().ingest(List.of(new NewEvent("s1", "follow", Instant.parse("2026-11-20T03:00:00Z"),
                    "wechat-oa/main", c, null, "{}")), NOW);
            FollowerGrowth same = stats.followerGrowth(VIEWER, "main", Instant.parse("2026-11-20T03:00:00.400Z"), 1);
            assertEquals(1, same.follows());
            assertEquals(Instant.parse("2026-11-20T03:00:00Z"), same.since());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void badRequestsAreRefused(String name, Supplier<TestStores> st) {
        try (TestStores s = st.get()) {
            ChannelStatisticsImpl stats = service(s, List.of(new Fake(descriptor("wecom", "main"), new FakeGroups(),
                    null)), new MutableClock(NOW));
            assertThrows(ValidationException.class, () -> stats.groupChats(VIEWER, "main", YESTERDAY, YESTERDAY.minusDays(1), null));
            assertThrows(ValidationException.class, () -> stats.groupChats(VIEWER, "main", YESTERDAY.minusDays(180), YESTERDAY, null));
            assertThrows(NotFoundException.class, () -> stats.groupChats(VIEWER, "nope", YESTERDAY, YESTERDAY, null));
            assertThrows(NotFoundException.class, () -> stats.officialAccount(VIEWER, "main", YESTERDAY, YESTERDAY));
            assertThrows(ValidationException.class, () -> stats.followerGrowth(VIEWER, "main", NOW, 24 * 60 + 1));
            assertThrows(ForbiddenException.class, () -> stats.collect(VIEWER, null, null, null));
            assertThrows(ValidationException.class, () -> stats.collect(ADMIN, null, null, YESTERDAY.plusDays(1)));
            assertThrows(NotFoundException.class, () -> stats.collect(ADMIN, "wecom/nope", null, null));
            assertNull(stats.groupChats(VIEWER, "main", YESTERDAY, YESTERDAY, null).owner());
            assertEquals(List.of(YESTERDAY), stats.groupChats(VIEWER, "main", YESTERDAY, YESTERDAY.plusDays(3), null)
                    .missing(), "days not collected up to yesterday are missing; later ones cannot be yet");
            assertEquals(List.of("main"), stats.accounts("wecom"));
        }
    }
}
