package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.FieldError;
import io.siyu.api.analytics.CustomerAnalytics.LeaderboardBy;
import io.siyu.api.analytics.EventBucket;
import io.siyu.api.analytics.Leader;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagKind;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionContent.Widget;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.segment.Breakdown;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.Operator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardsTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Period NOVEMBER = new Period(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), SHANGHAI);

    /**
     * Customers as the core would count them for one caller: a condition's count is looked up by its
     * printed form, breakdowns and leaderboards are given; what widgets ask is recorded.
     */
    static final class Answers implements Dashboards.Sources {
        final Map<String, Long> counts = new HashMap<>();
        final Map<String, Breakdown> breakdowns = new HashMap<>();
        final List<TagDefinition> tags = new ArrayList<>();
        final List<Leader> leaders = new ArrayList<>();
        final List<Object> asked = new ArrayList<>();

        @Override
        public long count(Condition condition) {
            asked.add(condition);
            Long n = counts.get(condition.toString());
            if (n == null) {
                throw new AssertionError("no count for " + condition);
            }
            return n;
        }

        @Override
        public Breakdown breakdown(String rows, String columns) {
            Breakdown b = breakdowns.get(rows + "/" + columns);
            if (b == null) {
                throw new ValidationException(FieldError.of("rows", "no attribute '" + rows + "'"));
            }
            return b;
        }

        @Override
        public Condition preset(String editionId, String presetId) {
            if (!presetId.equals("rfm-core")) {
                throw new NotFoundException("segment preset", editionId + "/" + presetId);
            }
            return Condition.attribute("layer", Operator.EQ, "core");
        }

        @Override
        public List<TagDefinition> tagsOfGroup(String group) {
            return group.equals("来源") ? tags : List.of();
        }

        @Override
        public List<Leader> leaderboard(LeaderboardBy by, Instant from, Instant to) {
            asked.add(by + " " + from + " " + to);
            return leaders;
        }

        @Override
        public List<EventBucket> events(Set<String> types, List<Instant> boundaries) {
            asked.add(types + " " + boundaries);
            List<EventBucket> out = new ArrayList<>();
            for (int i = 0; i + 1 < boundaries.size(); i++) {
                out.add(new EventBucket(boundaries.get(i), boundaries.get(i + 1), i + 1, 1));
            }
            return out;
        }
    }

    static Widget widget(String type, Map<String, Object> spec) {
        return new Widget("w", "标题", type, spec);
    }

    @Test
    void aCountOfAPresetIsTheCoresCountOfItsCondition() {
        Answers a = new Answers();
        a.counts.put(Condition.attribute("layer", Operator.EQ, "core").toString(), 42L);
        Dashboards.WidgetJson w = Dashboards.widget("retail", widget("count", Map.of("segmentPreset", "rfm-core")), a,
                NOVEMBER);
        assertEquals(42L, w.value());
        assertNull(w.problem());
    }

    @Test
    void aWidgetThatCannotBeComputedCarriesItsProblemInsteadOfFailingTheDashboard() {
        Answers a = new Answers();
        Dashboards.WidgetJson missing = Dashboards.widget("retail", widget("count", Map.of("segmentPreset", "gone")), a,
                NOVEMBER);
        assertEquals(404, missing.problem().status());
        assertNull(missing.value());
        Dashboards.WidgetJson attribute = Dashboards.widget("retail", widget("breakdown", Map.of("attribute", "nope")), a,
                NOVEMBER);
        assertEquals(400, attribute.problem().status());
        assertEquals("rows", attribute.problem().errors().get(0).field());
        Dashboards.WidgetJson metric = Dashboards.widget("bank", widget("leaderboard", Map.of("by", "ownerStaff",
                "metrics", List.of("newCustomers", "profit"))), a, NOVEMBER);
        assertEquals("metrics", metric.problem().errors().get(0).field());
    }

    @Test
    void anAttributeBreakdownAddsUpToItsTotalWithTheUnsetLast() {
        Answers a = new Answers();
        a.breakdowns.put("entryPoint/null", new Breakdown("entryPoint", null, Map.of("包裹卡", Map.of("*", 3L),
                "直播间", Map.of("*", 5L), "", Map.of("*", 4L)), 12));
        Dashboards.WidgetJson w = Dashboards.widget("retail", widget("breakdown", Map.of("attribute", "entryPoint")), a,
                NOVEMBER);
        assertEquals(List.of("直播间", "包裹卡", ""), w.rows().stream().map(Dashboards.RowJson::key).toList());
        assertEquals(12L, w.total());
        assertEquals(12L, w.rows().stream().mapToLong(Dashboards.RowJson::count).sum());
    }

    @Test
    void aTagGroupBreakdownCountsEachTagAndThoseWithNone() {
        Answers a = new Answers();
        a.tags.add(new TagDefinition(1, 9, "来源", "地推", TagKind.ENTERPRISE, 0, null, null, null));
        a.tags.add(new TagDefinition(2, 9, "来源", "转介绍", TagKind.ENTERPRISE, 1, null, null, null));
        a.counts.put(Condition.tags(Condition.TagMatch.ANY, 1L).toString(), 6L);
        a.counts.put(Condition.tags(Condition.TagMatch.ANY, 2L).toString(), 3L);
        a.counts.put(Condition.tags(Condition.TagMatch.NONE, 1L, 2L).toString(), 10L);
        a.counts.put(Condition.tags(Condition.TagMatch.ANY, 1L, 2L).toString(), 8L);
        Dashboards.WidgetJson w = Dashboards.widget("education", widget("breakdown", Map.of("tagGroup", "来源")), a,
                NOVEMBER);
        assertEquals(18L, w.total(), "with a tag of the group or with none");
        assertEquals(Map.of("地推", 6L, "转介绍", 3L, "", 10L), w.rows().stream().collect(
                java.util.stream.Collectors.toMap(Dashboards.RowJson::key, Dashboards.RowJson::count)),
                "one customer holds both tags: rows may add up to more than the total");
        assertEquals(404, Dashboards.widget("education", widget("breakdown", Map.of("tagGroup", "无")), a, NOVEMBER)
                .problem().status());
    }

    @Test
    void aFunnelCountsEachStageAsReachedByThoseAtItOrAnyLaterStage() {
        Answers a = new Answers();
        a.breakdowns.put("stage/ownerStaff", new Breakdown("stage", "ownerStaff", Map.of(
                "new", Map.of("advisor-a", 5L, "advisor-b", 1L),
                "trial-booked", Map.of("advisor-a", 2L),
                "enrolled", Map.of("advisor-a", 1L, "advisor-b", 3L),
                "lost", Map.of("advisor-b", 4L),
                "", Map.of("", 2L)), 18));
        Dashboards.WidgetJson w = Dashboards.widget("education", widget("funnel", Map.of("attribute", "stage",
                "by", "ownerStaff", "stages", List.of("new", "trial-booked", "enrolled"))), a, NOVEMBER);
        assertEquals(List.of(new Dashboards.StageJson("new", 6, 12), new Dashboards.StageJson("trial-booked", 2, 6),
                new Dashboards.StageJson("enrolled", 4, 4)), w.stages());
        assertEquals(6L, w.other(), "lost ones and those without a stage are outside the funnel");
        assertEquals(w.total(), w.stages().get(0).reached() + w.other());
        assertEquals(Map.of("new", 8L, "trial-booked", 3L, "enrolled", 1L), w.rows().get(0).values());
        assertEquals("advisor-a", w.rows().get(0).key());
        assertEquals(Map.of("new", 4L, "trial-booked", 3L, "enrolled", 3L), w.rows().get(1).values());
    }

    @Test
    void aLeaderboardShowsTheDeclaredMetricsOverThePeriodsWholeDays() {
        Answers a = new Answers();
        a.leaders.add(new Leader("xuhui", "徐汇店", 30, 7, 12, 2, 5));
        Dashboards.WidgetJson w = Dashboards.widget("retail", widget("leaderboard", Map.of("by", "orgUnit",
                "metrics", List.of("newCustomers", "repurchases", "tasksDone"))), a, NOVEMBER);
        assertEquals(Map.of("newCustomers", 7L, "repurchases", 2L, "tasksDone", 5L), w.rows().get(0).values());
        assertEquals("徐汇店", w.rows().get(0).name());
        assertEquals(List.of("ORG_UNIT 2026-10-31T16:00:00Z 2026-11-30T16:00:00Z"), a.asked,
                "from midnight on the first to midnight after the last day, in Shanghai");
    }

    @Test
    void aTrendHasOnePointPerBucketStartingOnMondaysForWeeks() {
        Answers a = new Answers();
        Dashboards.WidgetJson w = Dashboards.widget("bank", widget("trend", Map.of("eventType", "message.out",
                "period", "week", "days", 14)), a, NOVEMBER);
        // 17..30 November: the week of Monday 16th, 23rd and 30th
        assertEquals(List.of("2026-11-16", "2026-11-23", "2026-11-30"), w.points().stream()
                .map(Dashboards.PointJson::date).toList());
        assertEquals(6L, w.total(), "the sum of the points' events");
        assertNotNull(a.asked.get(0));
        assertEquals("[message.out] [2026-11-15T16:00:00Z, 2026-11-22T16:00:00Z, 2026-11-29T16:00:00Z, 2026-12-06T16:00:00Z]",
                a.asked.get(0));
    }

    @Test
    void dashboardsAreFoundByIdAcrossEditionsAndUnknownOnesAreNotFound() {
        EditionContent.Dashboard board = new EditionContent.Dashboard("store-leaderboard", "门店排行榜", "",
                List.of(widget("count", Map.of("segmentPreset", "rfm-core"))));
        EditionContent retail = new EditionContent("retail", List.of(), null, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(board), null, Map.of());
        EditionDescriptor descriptor = new EditionDescriptor("retail", "Retail", "", "1.0.0", 7);
        List<Dashboards.Declared> declared = Dashboards.declared(List.of(descriptor),
                id -> id.equals("retail") ? Optional.of(retail) : Optional.empty());
        assertEquals("retail", Dashboards.find(declared, "store-leaderboard").edition().id());
        assertThrows(NotFoundException.class, () -> Dashboards.find(declared, "branch-board"));
        assertThrows(NotFoundException.class, () -> Dashboards.find(Dashboards.declared(List.of(descriptor),
                id -> Optional.empty()), "store-leaderboard"), "a withdrawn edition's dashboards are gone");
    }
}
