package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.analytics.CustomerAnalytics.LeaderboardBy;
import io.siyu.api.analytics.EventBucket;
import io.siyu.api.analytics.Leader;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionContent.Widget;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.segment.Breakdown;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.ConditionCodec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Computes the dashboards editions declare ({@code SIYU-INF/dashboards.json}), widget by widget,
 * from what the core answers for the caller ({@link Sources}), so every figure is within the
 * caller's data scope. A widget that cannot be computed (a preset's tag was deleted, an attribute
 * left the schema) carries its problem; the others are still drawn.
 */
final class Dashboards {
    /** Leaderboard metrics and how a leader's line gives them. */
    static final Map<String, ToLongFunction<Leader>> METRICS = metrics();

    private static Map<String, ToLongFunction<Leader>> metrics() {
        Map<String, ToLongFunction<Leader>> m = new LinkedHashMap<>();
        m.put("customers", Leader::customers);
        m.put("newCustomers", Leader::newCustomers);
        m.put("activeCustomers", Leader::activeCustomers);
        m.put("repurchases", Leader::repurchasingCustomers);
        m.put("tasksDone", Leader::tasksDone);
        return m;
    }

    /** What widgets read, already bound to the caller. */
    interface Sources {
        long count(Condition condition);

        Breakdown breakdown(String rows, String columns);

        Condition preset(String editionId, String presetId);

        /** The group's tags, empty if there is no such group. */
        List<TagDefinition> tagsOfGroup(String group);

        List<Leader> leaderboard(LeaderboardBy by, Instant from, Instant to);

        List<EventBucket> events(Set<String> types, List<Instant> boundaries);
    }

    record WidgetHeadJson(String id, String title, String type) {
    }

    record DashboardHeadJson(String id, String edition, String name, String description, List<WidgetHeadJson> widgets) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RowJson(String key, String name, Long count, Map<String, Long> values) {
    }

    record StageJson(String stage, long at, long reached) {
    }

    record PointJson(String date, long events, long customers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WidgetJson(String id, String title, String type, Map<String, Object> spec, Long value, Long total,
            List<RowJson> rows, List<String> metrics, List<StageJson> stages, List<PointJson> points, Long other,
            Problem problem) {
        static WidgetJson empty(Widget w) {
            return new WidgetJson(w.id(), w.title(), w.type(), w.spec(), null, null, null, null, null, null, null, null);
        }
    }

    record DashboardJson(String id, String edition, String name, String description, String zone, String from,
            String to, List<WidgetJson> widgets, String computedAt) {
    }

    /** A declared dashboard with the edition that declares it. */
    record Declared(EditionDescriptor edition, EditionContent.Dashboard dashboard) {
    }

    private Dashboards() {
    }

    /** Every dashboard of the active editions, editions by id; an id two editions declare is the first one's. */
    static List<Declared> declared(List<EditionDescriptor> editions, Function<String, Optional<EditionContent>> content) {
        List<Declared> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (EditionDescriptor e : editions) {
            content.apply(e.id()).ifPresent(c -> c.dashboards().forEach(d -> {
                if (seen.add(d.id())) {
                    out.add(new Declared(e, d));
                }
            }));
        }
        return out;
    }

    static Declared find(List<Declared> declared, String id) {
        return declared.stream().filter(d -> d.dashboard().id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("dashboard", id));
    }

    static DashboardHeadJson head(Declared d) {
        return new DashboardHeadJson(d.dashboard().id(), d.edition().id(), d.dashboard().name(),
                d.dashboard().description(), d.dashboard().widgets().stream()
                        .map(w -> new WidgetHeadJson(w.id(), w.title(), w.type())).toList());
    }

    /**
     * @param period the leaderboards' period; trends use their own {@code days} (default the period's)
     *        ending on the period's last day
     */
    static DashboardJson compute(Declared d, Sources sources, Period period, Instant now) {
        List<WidgetJson> widgets = new ArrayList<>();
        for (Widget w : d.dashboard().widgets()) {
            widgets.add(widget(d.edition().id(), w, sources, period));
        }
        return new DashboardJson(d.dashboard().id(), d.edition().id(), d.dashboard().name(), d.dashboard().description(),
                period.zone().getId(), period.first().toString(), period.last().toString(), widgets, now.toString());
    }

    static WidgetJson widget(String editionId, Widget w, Sources sources, Period period) {
        try {
            return switch (w.type()) {
                case "count" -> count(editionId, w, sources);
                case "breakdown" -> breakdown(w, sources);
                case "funnel" -> funnel(w, sources);
                case "leaderboard" -> leaderboard(w, sources, period);
                case "trend" -> trend(w, sources, period);
                default -> throw new ValidationException(FieldError.of("type", "unknown widget type " + w.type()));
            };
        } catch (ValidationException e) {
            return problem(w, new Problem(Problem.TYPE_BASE + "validation", "Bad Request", 400, e.getMessage(), e.errors()));
        } catch (NotFoundException e) {
            return problem(w, Problem.of(javax.ws.rs.core.Response.Status.NOT_FOUND, "not-found", e.getMessage()));
        }
    }

    private static WidgetJson problem(Widget w, Problem p) {
        WidgetJson e = WidgetJson.empty(w);
        return new WidgetJson(e.id(), e.title(), e.type(), e.spec(), null, null, null, null, null, null, null, p);
    }

    private static String text(Widget w, String field) {
        Object v = w.spec().get(field);
        return v instanceof String s && !s.isBlank() ? s : null;
    }

    private static WidgetJson count(String editionId, Widget w, Sources sources) {
        String preset = text(w, "segmentPreset");
        Condition condition = preset != null ? sources.preset(editionId, preset)
                : ConditionCodec.fromTree(w.spec().get("condition"), "condition");
        long n = sources.count(condition);
        return new WidgetJson(w.id(), w.title(), w.type(), w.spec(), n, null, null, null, null, null, null, null);
    }

    /** Rows by count, largest first, then by key; customers without a value last as key "". */
    private static List<RowJson> sorted(Map<String, Long> counts) {
        List<RowJson> rows = new ArrayList<>();
        counts.forEach((k, v) -> rows.add(new RowJson(k, null, v, null)));
        rows.sort(Comparator.comparing((RowJson r) -> r.key().isEmpty())
                .thenComparing(Comparator.comparingLong((RowJson r) -> r.count()).reversed())
                .thenComparing(RowJson::key));
        return rows;
    }

    private static WidgetJson breakdown(Widget w, Sources sources) {
        String attribute = text(w, "attribute");
        Map<String, Long> counts = new LinkedHashMap<>();
        long total;
        if (attribute != null) {
            Breakdown b = sources.breakdown(attribute, null);
            b.counts().forEach((value, cells) -> counts.put(value, cells.values().stream().mapToLong(Long::longValue).sum()));
            total = b.total();
        } else {
            // A customer may carry several tags of a group: rows may add up to more than the total.
            String group = text(w, "tagGroup");
            List<TagDefinition> tags = sources.tagsOfGroup(group);
            if (tags.isEmpty()) {
                throw new NotFoundException("tag group with tags", group);
            }
            Long[] ids = tags.stream().map(TagDefinition::id).toArray(Long[]::new);
            for (TagDefinition t : tags) {
                counts.put(t.name(), sources.count(Condition.tags(Condition.TagMatch.ANY, t.id())));
            }
            long none = sources.count(Condition.tags(Condition.TagMatch.NONE, ids));
            counts.put(Breakdown.NONE, none);
            total = none + sources.count(Condition.tags(Condition.TagMatch.ANY, ids));
        }
        counts.values().removeIf(v -> v == 0);
        return new WidgetJson(w.id(), w.title(), w.type(), w.spec(), null, total, sorted(counts), null, null, null, null,
                null);
    }

    /**
     * A pipeline attribute's stages in order: {@code at} = customers whose value is that stage now,
     * {@code reached} = at that stage or a later listed one (a lead now enrolled passed every stage
     * before). {@code other} counts customers with a value the funnel does not list (lost), or none.
     */
    @SuppressWarnings("unchecked")
    private static WidgetJson funnel(Widget w, Sources sources) {
        String attribute = text(w, "attribute");
        String by = text(w, "by");
        List<String> stages = ((List<Object>) w.spec().get("stages")).stream().map(String::valueOf).toList();
        Breakdown b = sources.breakdown(attribute, by);
        long[] at = new long[stages.size()];
        Map<String, long[]> perColumn = new java.util.TreeMap<>();
        long listed = 0;
        for (int i = 0; i < stages.size(); i++) {
            Map<String, Long> cells = b.counts().getOrDefault(stages.get(i), Map.of());
            for (Map.Entry<String, Long> cell : cells.entrySet()) {
                at[i] += cell.getValue();
                perColumn.computeIfAbsent(cell.getKey(), k -> new long[stages.size()])[i] += cell.getValue();
            }
            listed += at[i];
        }
        List<StageJson> out = new ArrayList<>();
        long[] reached = cumulative(at);
        for (int i = 0; i < stages.size(); i++) {
            out.add(new StageJson(stages.get(i), at[i], reached[i]));
        }
        List<RowJson> rows = null;
        if (by != null) {
            rows = new ArrayList<>();
            for (Map.Entry<String, long[]> e : perColumn.entrySet()) {
                long[] r = cumulative(e.getValue());
                Map<String, Long> values = new LinkedHashMap<>();
                for (int i = 0; i < stages.size(); i++) {
                    values.put(stages.get(i), r[i]);
                }
                rows.add(new RowJson(e.getKey(), null, r[0], values));
            }
            rows.sort(Comparator.comparingLong((RowJson r) -> r.count()).reversed().thenComparing(RowJson::key));
        }
        return new WidgetJson(w.id(), w.title(), w.type(), w.spec(), null, b.total(), rows, null, out, null,
                b.total() - listed, null);
    }

    private static long[] cumulative(long[] at) {
        long[] r = new long[at.length];
        long sum = 0;
        for (int i = at.length - 1; i >= 0; i--) {
            sum += at[i];
            r[i] = sum;
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static WidgetJson leaderboard(Widget w, Sources sources, Period period) {
        String by = text(w, "by");
        LeaderboardBy kind = switch (by == null ? "" : by) {
            case "orgUnit" -> LeaderboardBy.ORG_UNIT;
            case "ownerStaff" -> LeaderboardBy.OWNER_STAFF;
            default -> throw new ValidationException(FieldError.of("by", "is orgUnit or ownerStaff, not " + by));
        };
        List<String> metrics = ((List<Object>) w.spec().get("metrics")).stream().map(String::valueOf).toList();
        List<String> unknown = metrics.stream().filter(m -> !METRICS.containsKey(m)).toList();
        if (!unknown.isEmpty()) {
            throw new ValidationException(FieldError.of("metrics", unknown + " not among " + METRICS.keySet()));
        }
        List<RowJson> rows = new ArrayList<>();
        for (Leader l : sources.leaderboard(kind, period.start(), period.end())) {
            Map<String, Long> values = new LinkedHashMap<>();
            metrics.forEach(m -> values.put(m, METRICS.get(m).applyAsLong(l)));
            rows.add(new RowJson(l.key(), l.name(), null, values));
        }
        return new WidgetJson(w.id(), w.title(), w.type(), w.spec(), null, null, rows, metrics, null, null, null, null);
    }

    private static WidgetJson trend(Widget w, Sources sources, Period period) {
        String unit = text(w, "period");
        unit = unit == null ? "day" : unit;
        Object days = w.spec().get("days");
        Period p = days instanceof Number n
                ? new Period(period.last().minusDays(n.longValue() - 1), period.last(), period.zone()) : period;
        List<LocalDate> starts = p.starts(unit);
        List<EventBucket> buckets = sources.events(Set.of(text(w, "eventType")), p.boundaries(unit));
        List<PointJson> points = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < buckets.size(); i++) {
            points.add(new PointJson(starts.get(i).toString(), buckets.get(i).events(), buckets.get(i).customers()));
            total += buckets.get(i).events();
        }
        return new WidgetJson(w.id(), w.title(), w.type(), w.spec(), null, total, null, null, null, points, null, null);
    }
}
