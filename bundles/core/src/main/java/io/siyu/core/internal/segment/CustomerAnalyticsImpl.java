package io.siyu.core.internal.segment;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.analytics.CustomerAnalytics;
import io.siyu.api.analytics.EventBucket;
import io.siyu.api.analytics.Leader;
import io.siyu.api.analytics.LoopFunnel;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Staff;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.TaskState;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.org.DataScopes;
import io.siyu.core.internal.org.Reach;
import io.siyu.store.OrgRepository;
import io.siyu.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.roaringbitmap.RoaringBitmap;

/**
 * Dashboard figures. Event counts and the loop funnel are read from the segment index (per event
 * type, every customer's sorted event times), so they cost the events of the customers in scope,
 * not a scan of the event table; who was reached comes from the touch log the outbox writes, and
 * leaderboards use the same store figures as {@code OrgService.leaderboard}.
 */
@Component(service = CustomerAnalytics.class)
public final class CustomerAnalyticsImpl implements CustomerAnalytics {
    static final int MAX_BUCKETS = 1000;
    static final int TASK_PAGE = 500;

    private final Store store;
    private final SegmentServiceImpl segments;
    private final AttributeSchemaService schema;
    private final Authority authority;

    @Activate
    public CustomerAnalyticsImpl(@Reference Store store, @Reference SegmentServiceImpl segments,
            @Reference AttributeSchemaService schema, @Reference Authority authority) {
        this.store = store;
        this.segments = segments;
        this.schema = schema;
        this.authority = authority;
    }

    /** Customers in the caller's scope as a bitmap, or null for everyone. */
    private RoaringBitmap scope(Caller caller) {
        authority.require(caller, Permission.CUSTOMER_READ);
        Reach reach = authority.reach(caller);
        return reach.all() ? null : segments.followedBy(reach.staffKeys());
    }

    @Override
    public List<EventBucket> events(Caller caller, Set<String> eventTypes, List<Instant> boundaries) {
        List<FieldError> errors = new ArrayList<>();
        if (eventTypes == null || eventTypes.isEmpty() || eventTypes.stream().anyMatch(t -> t == null || t.isBlank())) {
            errors.add(FieldError.of("eventTypes", "name at least one event type"));
        }
        if (boundaries == null || boundaries.size() < 2 || boundaries.size() > MAX_BUCKETS + 1) {
            errors.add(FieldError.of("boundaries", "give 2 to " + (MAX_BUCKETS + 1) + " instants"));
        } else {
            for (int i = 1; i < boundaries.size(); i++) {
                if (!boundaries.get(i - 1).isBefore(boundaries.get(i))) {
                    errors.add(FieldError.of("boundaries[" + i + "]", "must be after the one before"));
                    break;
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        RoaringBitmap scope = scope(caller);
        int n = boundaries.size() - 1;
        int[] bounds = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            bounds[i] = EventColumn.seconds(boundaries.get(i).toEpochMilli());
        }
        long[] events = new long[n];
        long[] customers = new long[n];
        segments.readIndex(ix -> {
            List<EventColumn> columns = new ArrayList<>();
            RoaringBitmap who = new RoaringBitmap();
            for (String type : eventTypes) {
                EventColumn col = ix.events(type);
                if (col != null) {
                    columns.add(col);
                    who.or(col.has);
                }
            }
            if (scope != null) {
                who.and(scope);
            }
            boolean[] seen = new boolean[n];
            who.forEach((int c) -> {
                Arrays.fill(seen, false);
                for (EventColumn col : columns) {
                    int[] times = col.times(c);
                    if (times == null) {
                        continue;
                    }
                    for (int i = firstAtOrAfter(times, bounds[0]); i < times.length && times[i] < bounds[n]; i++) {
                        // the bucket whose start is the last boundary at or before the event
                        int b = Arrays.binarySearch(bounds, times[i]);
                        b = b >= 0 ? b : -b - 2;
                        events[b]++;
                        if (!seen[b]) {
                            seen[b] = true;
                            customers[b]++;
                        }
                    }
                }
            });
            return null;
        });
        List<EventBucket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new EventBucket(boundaries.get(i), boundaries.get(i + 1), events[i], customers[i]));
        }
        return out;
    }

    /** Index of the first time at or after {@code t} in sorted times. */
    static int firstAtOrAfter(int[] times, int t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** How many times lie in [from, to). */
    static int countIn(int[] times, int from, int to) {
        return times == null ? 0 : firstAtOrAfter(times, to) - firstAtOrAfter(times, from);
    }

    /** The latest time before {@code to}, or Integer.MIN_VALUE. */
    static int latestBefore(int[] times, int to) {
        if (times == null) {
            return Integer.MIN_VALUE;
        }
        int i = firstAtOrAfter(times, to) - 1;
        return i >= 0 ? times[i] : Integer.MIN_VALUE;
    }

    @Override
    public LoopFunnel loop(Caller caller, Instant from, Instant to, String by) {
        period(from, to);
        if (by != null && schema.list().stream().map(AttributeDefinition::name).noneMatch(by::equals)) {
            throw new ValidationException(FieldError.of("by", "no attribute '" + by + "'"));
        }
        RoaringBitmap scope = scope(caller);
        int f = EventColumn.seconds(from.toEpochMilli());
        int t = EventColumn.seconds(to.toEpochMilli());
        RoaringBitmap touched = new RoaringBitmap();
        store.touches().touchCounts(null, null, EnumSet.allOf(MessageKind.class), from, to, null,
                (customer, count) -> touched.add(CustomerIndex.slot(customer)));
        RoaringBitmap[] stages = new RoaringBitmap[LoopFunnel.STAGES.size()];
        Map<String, RoaringBitmap> values = segments.readIndex(ix -> {
            for (int i = 0; i < stages.length; i++) {
                stages[i] = new RoaringBitmap();
            }
            List<EventColumn> arrivals = columns(ix, ARRIVALS);
            List<EventColumn> departures = columns(ix, DEPARTURES);
            EventColumn orders = ix.events(EventTypes.ORDER);
            RoaringBitmap candidates = new RoaringBitmap();
            arrivals.forEach(col -> candidates.or(col.has));
            if (scope != null) {
                candidates.and(scope);
            }
            candidates.forEach((int c) -> {
                int arrived = 0;
                int lastArrival = Integer.MIN_VALUE;
                for (EventColumn col : arrivals) {
                    arrived += countIn(col.times(c), f, t);
                    lastArrival = Math.max(lastArrival, latestBefore(col.times(c), t));
                }
                if (arrived == 0) {
                    return;
                }
                stages[0].add(c);
                int lastDeparture = Integer.MIN_VALUE;
                for (EventColumn col : departures) {
                    lastDeparture = Math.max(lastDeparture, latestBefore(col.times(c), t));
                }
                if (lastArrival <= lastDeparture) {
                    return;
                }
                stages[1].add(c);
                if (!touched.contains(c)) {
                    return;
                }
                stages[2].add(c);
                int ordered = orders == null ? 0 : countIn(orders.times(c), f, t);
                if (ordered >= 1) {
                    stages[3].add(c);
                }
                if (ordered >= 2) {
                    stages[4].add(c);
                }
            });
            Map<String, RoaringBitmap> split = new HashMap<>();
            if (by != null) {
                AttributeColumn col = ix.attributes.get(by);
                RoaringBitmap without = stages[0].clone();
                if (col != null) {
                    col.texts.forEach((value, who) -> {
                        RoaringBitmap mine = RoaringBitmap.and(stages[0], who);
                        if (!mine.isEmpty()) {
                            split.put(value, mine);
                        }
                    });
                    without.andNot(col.has);
                    // numbers and booleans are not split by value: with the customers without one
                    RoaringBitmap other = RoaringBitmap.and(stages[0], col.has);
                    split.values().forEach(other::andNot);
                    without.or(other);
                }
                if (!without.isEmpty()) {
                    split.put("", without);
                }
            }
            return split;
        });
        Map<String, LoopFunnel.Stages> byValue = new HashMap<>();
        values.forEach((value, who) -> byValue.put(value, stagesOf(stages, who)));
        return new LoopFunnel(from, to, by, stagesOf(stages, null), byValue);
    }

    private static LoopFunnel.Stages stagesOf(RoaringBitmap[] stages, RoaringBitmap among) {
        long[] n = new long[stages.length];
        for (int i = 0; i < stages.length; i++) {
            n[i] = among == null ? stages[i].getLongCardinality() : RoaringBitmap.andCardinality(stages[i], among);
        }
        return new LoopFunnel.Stages(n[0], n[1], n[2], n[3], n[4]);
    }

    private static List<EventColumn> columns(CustomerIndex ix, Set<String> types) {
        List<EventColumn> out = new ArrayList<>();
        for (String type : types) {
            EventColumn col = ix.events(type);
            if (col != null) {
                out.add(col);
            }
        }
        return out;
    }

    private static void period(Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new ValidationException(FieldError.of("from", "must be before to"));
        }
    }

    @Override
    public List<Leader> leaderboard(Caller caller, LeaderboardBy by, Instant from, Instant to) {
        period(from, to);
        authority.require(caller, Permission.CUSTOMER_READ);
        Reach reach = authority.reach(caller);
        List<Staff> staff = store.org().allStaff();
        List<Leader> board = new ArrayList<>();
        if (by == LeaderboardBy.OWNER_STAFF) {
            for (Staff s : staff) {
                Set<String> keys = DataScopes.keys(List.of(s));
                if (s.active() && (reach.all() || reach.staffKeys().containsAll(keys))) {
                    board.add(leader(s.id(), s.name(), List.of(s), from, to));
                }
            }
        } else {
            List<OrgUnit> units = store.org().units();
            Set<String> inReach = authority.unitsInReach(caller);
            // The highest units in reach; ranked are their children, or they themselves when they have none.
            List<OrgUnit> tops = units.stream().filter(u -> inReach.contains(u.id())
                    && (u.parentId() == null || !inReach.contains(u.parentId()))).toList();
            List<OrgUnit> ranked = new ArrayList<>();
            for (OrgUnit top : tops) {
                List<OrgUnit> children = units.stream().filter(u -> top.id().equals(u.parentId())).toList();
                ranked.addAll(tops.size() == 1 && !children.isEmpty() ? children : List.of(top));
            }
            for (OrgUnit u : ranked) {
                Set<String> subtree = DataScopes.subtree(units, u.id());
                board.add(leader(u.id(), u.name(), staff.stream().filter(s -> subtree.contains(s.orgUnitId())).toList(),
                        from, to));
            }
        }
        board.sort(Comparator.comparingLong(Leader::newCustomers).reversed()
                .thenComparing(Comparator.comparingLong(Leader::activeCustomers).reversed())
                .thenComparing(Leader::key));
        return board;
    }

    private Leader leader(String key, String name, List<Staff> members, Instant from, Instant to) {
        Set<String> keys = DataScopes.keys(members);
        OrgRepository.Figures f = keys.isEmpty() ? new OrgRepository.Figures(0, 0, 0, 0)
                : store.org().figures(keys, from, to);
        long done = 0;
        for (Staff s : members) {
            done += tasksDone(s.id(), from, to);
        }
        return new Leader(key, name, f.customers(), f.newCustomers(), f.active(), f.repurchasing(), done);
    }

    private long tasksDone(String staffId, Instant from, Instant to) {
        long done = 0;
        Set<Long> counted = new HashSet<>();
        for (int offset = 0;; offset += TASK_PAGE) {
            List<StaffTask> page = store.staffTasks().list(staffId, TaskState.DONE, offset, TASK_PAGE);
            for (StaffTask task : page) {
                Instant at = task.completedAt();
                if (at != null && !at.isBefore(from) && at.isBefore(to) && counted.add(task.id())) {
                    done++;
                }
            }
            if (page.size() < TASK_PAGE) {
                return done;
            }
        }
    }
}
