package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendProgress;
import io.siyu.api.masssend.MassSendService;
import io.siyu.api.masssend.MassSendState;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.CustomerLayer;
import io.siyu.api.segment.Operator;
import io.siyu.api.segment.SegmentService;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/**
 * Read-only figures for the operator console's dashboard, computed from the core services at request
 * time (nothing is cached or estimated) and within the caller's data scope, as every other read is.
 *
 * <p>{@code GET /analytics/customers}: customers in scope, new customers per calendar day (brand time
 * zone of the touch policy) over the last {@code days} days, customers per layer, and per source channel
 * (attribute {@code sourceChannel}). The figures add up: layers sum to the total the segment index
 * holds; source channels plus {@code unset} plus {@code otherValues} sum to it too.
 *
 * <p>{@code GET /analytics/reach}: mass sends per state, the newest ones with their delivery progress,
 * and the outbox depth per channel.
 */
@Path("analytics")
@Produces(MediaType.APPLICATION_JSON)
public final class AnalyticsResource {
    static final int MAX_DAYS = 90;
    static final String SOURCE_CHANNEL = "sourceChannel";
    /**
     * Source-channel values are free text with no catalogue: the ones to count are those found on
     * the newest profiles (at least this many are read); customers with values seen only on older
     * profiles are reported together as {@code otherValues}, so the figures still add up.
     */
    static final int VALUE_SAMPLE = 2000;
    static final int RECENT_SENDS = 10;
    /** Mass sends are counted by state over at most this many of the newest. */
    static final int MAX_SENDS_COUNTED = 10_000;

    private final ServiceAccess services;
    private final Clock clock;

    AnalyticsResource(ServiceAccess services) {
        this(services, Clock.systemUTC());
    }

    AnalyticsResource(ServiceAccess services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    record DayJson(String date, long count) {
    }

    record CountJson(String key, long count) {
    }

    record CustomerFiguresJson(long total, String zone, int days, List<DayJson> newPerDay, long newInPeriod,
            long indexed, List<CountJson> layers, List<CountJson> sourceChannels, long sourceChannelUnset,
            long sourceChannelOtherValues, String computedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecentSendJson(long id, String name, String state, String channel, String createdAt,
            MassSendResource.ProgressJson progress) {
    }

    record ReachFiguresJson(long massSends, List<CountJson> massSendsByState, List<RecentSendJson> recent,
            List<OutboxResource.DepthJson> outbox, String computedAt) {
    }

    @GET
    @Path("customers")
    public CustomerFiguresJson customers(@QueryParam("days") @DefaultValue("30") int days,
            @Context SecurityContext security) {
        if (days < 1 || days > MAX_DAYS) {
            throw new ValidationException(FieldError.of("days", "must be between 1 and " + MAX_DAYS));
        }
        Caller caller = Callers.of(security);
        CustomerService customers = services.customers();
        SegmentService segments = services.segments();
        ZoneId zone = zone();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = today.minusDays(days - 1L);

        NewestScan scan = NewestScan.read(customers, caller, first.atStartOfDay(zone).toInstant(), VALUE_SAMPLE);
        Map<LocalDate, Long> created = scan.createdPerDay(zone);
        List<DayJson> perDay = new ArrayList<>();
        long inPeriod = 0;
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            long n = created.getOrDefault(d, 0L);
            perDay.add(new DayJson(d.toString(), n));
            inPeriod += n;
        }

        List<CountJson> layers = new ArrayList<>();
        long indexed = 0;
        for (CustomerLayer layer : CustomerLayer.values()) {
            long n = segments.count(caller, new Condition.Layer(layer));
            layers.add(new CountJson(layer.name().toLowerCase(Locale.ROOT), n));
            indexed += n;
        }

        List<CountJson> sources = new ArrayList<>();
        long counted = 0;
        for (String value : scan.sourceChannels) {
            long n = segments.count(caller, Condition.attribute(SOURCE_CHANNEL, Operator.EQ, value));
            if (n > 0) {
                sources.add(new CountJson(value, n));
                counted += n;
            }
        }
        sources.sort(Comparator.comparingLong(CountJson::count).reversed().thenComparing(CountJson::key));
        long unset = segments.count(caller, Condition.attribute(SOURCE_CHANNEL, Operator.NOT_EXISTS));
        // Index and store are read a moment apart; a customer created in between must not make this negative.
        long other = Math.max(0, indexed - counted - unset);
        return new CustomerFiguresJson(customers.count(caller), zone.getId(), days, perDay, inPeriod, indexed, layers,
                sources, unset, other, now.toString());
    }

    @GET
    @Path("reach")
    public ReachFiguresJson reach(@Context SecurityContext security) {
        Caller caller = Callers.of(security);
        MassSendService sends = services.massSends();
        Map<String, Long> byState = new LinkedHashMap<>();
        for (MassSendState s : MassSendState.values()) {
            byState.put(s.name().toLowerCase(Locale.ROOT), 0L);
        }
        List<RecentSendJson> recent = new ArrayList<>();
        long total = 0;
        int offset = 0;
        while (offset < MAX_SENDS_COUNTED) {
            Page<MassSend> page = sends.list(caller, new PageRequest(offset, PageRequest.MAX_LIMIT));
            total = page.total();
            for (MassSend m : page.items()) {
                byState.merge(m.state().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
                if (recent.size() < RECENT_SENDS) {
                    MassSendProgress p = m.state() == MassSendState.QUEUED ? sends.progress(caller, m.id()) : null;
                    recent.add(new RecentSendJson(m.id(), m.name(), m.state().name().toLowerCase(Locale.ROOT),
                            m.channelType() + "/" + m.channelAccount(), m.createdAt().toString(),
                            p == null ? null : MassSendResource.ProgressJson.of(p)));
                }
            }
            offset += page.items().size();
            if (page.items().isEmpty() || !page.hasMore()) {
                break;
            }
        }
        List<OutboxResource.DepthJson> outbox = services.outbox().depth().stream()
                .map(d -> new OutboxResource.DepthJson(d.channelKey(), d.adapterPresent(), d.queued(), d.sending(),
                        d.failed(), d.oldestQueuedAgeSeconds())).toList();
        List<CountJson> states = byState.entrySet().stream().map(e -> new CountJson(e.getKey(), e.getValue())).toList();
        return new ReachFiguresJson(total, states, recent, outbox, clock.instant().toString());
    }

    /** New customers per calendar day of the period (profiles created in it, in the caller's scope). */
    Map<LocalDate, Long> newPerDay(Caller caller, Period period) {
        NewestScan scan = NewestScan.read(services.customers(), caller, period.start(), 0);
        Map<LocalDate, Long> perDay = new LinkedHashMap<>();
        scan.createdPerDay(period.zone()).forEach((d, n) -> {
            if (!d.isAfter(period.last())) {
                perDay.put(d, n);
            }
        });
        return perDay;
    }

    // ---- edition dashboards ----

    private List<Dashboards.Declared> declared() {
        io.siyu.api.edition.EditionRegistry editions = services.editions();
        return Dashboards.declared(editions.editions(), editions::content);
    }

    /** The dashboards the active editions declare, with their widgets' titles and types. */
    @GET
    @Path("dashboards")
    public List<Dashboards.DashboardHeadJson> dashboards(@Context SecurityContext security) {
        Callers.of(security);
        return declared().stream().map(Dashboards::head).toList();
    }

    /**
     * One dashboard with every widget computed for the caller: leaderboards over the period
     * ({@code days}, or {@code from}/{@code to}), trends over their declared {@code days} up to its end.
     */
    @GET
    @Path("dashboards/{id}")
    public Dashboards.DashboardJson dashboard(@PathParam("id") String id, @QueryParam("days") Integer days,
            @QueryParam("from") String from, @QueryParam("to") String to, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        Dashboards.Declared d = Dashboards.find(declared(), id);
        Period period = Period.of(days, from, to, zone(), clock.instant(), Period.MAX_DAYS);
        return Dashboards.compute(d, sources(caller), period, clock.instant());
    }

    /** The core's answers for this caller, as widgets read them. */
    Dashboards.Sources sources(Caller caller) {
        return new Dashboards.Sources() {
            @Override
            public long count(Condition condition) {
                return services.segments().count(caller, condition);
            }

            @Override
            public io.siyu.api.segment.Breakdown breakdown(String rows, String columns) {
                return services.segments().breakdown(caller, null, rows, columns);
            }

            @Override
            public Condition preset(String editionId, String presetId) {
                return services.editionPresets().presetCondition(editionId, presetId);
            }

            @Override
            public List<io.siyu.api.customer.TagDefinition> tagsOfGroup(String group) {
                io.siyu.api.customer.TagService tags = services.tags();
                return tags.groups().stream().filter(g -> g.name().equals(group)).findFirst()
                        .map(g -> tags.definitions(caller, g.id(), null)).orElse(List.of());
            }

            @Override
            public List<io.siyu.api.analytics.Leader> leaderboard(
                    io.siyu.api.analytics.CustomerAnalytics.LeaderboardBy by, Instant from, Instant to) {
                return services.analytics().leaderboard(caller, by, from, to);
            }

            @Override
            public List<io.siyu.api.analytics.EventBucket> events(Set<String> types, List<Instant> boundaries) {
                return services.analytics().events(caller, types, boundaries);
            }
        };
    }

    // ---- the private-domain loop, relationships gained and lost, channel codes ----

    record StagesJson(long leads, long settled, long reached, long converted, long repurchased) {
        static StagesJson of(io.siyu.api.analytics.LoopFunnel.Stages s) {
            return new StagesJson(s.leads(), s.settled(), s.reached(), s.converted(), s.repurchased());
        }
    }

    record LoopRowJson(String key, StagesJson stages) {
    }

    record LoopJson(String zone, String from, String to, String by, List<String> stageNames, StagesJson total,
            List<LoopRowJson> rows, String computedAt) {
    }

    static final Set<String> LOOP_BY = Set.of("entryPoint", "sourceChannel");

    /**
     * The loop funnel of the customers who arrived in the period, split by entry point (default) or
     * source channel; the rows add up to the total (customers without a value under {@code ""}).
     */
    @GET
    @Path("loop")
    public LoopJson loop(@QueryParam("days") Integer days, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("by") @DefaultValue("entryPoint") String by, @Context SecurityContext security) {
        if (!LOOP_BY.contains(by)) {
            throw new ValidationException(FieldError.of("by", "is entryPoint or sourceChannel"));
        }
        Caller caller = Callers.of(security);
        Period period = Period.of(days, from, to, zone(), clock.instant(), Period.MAX_DAYS);
        io.siyu.api.analytics.LoopFunnel f = services.analytics().loop(caller, period.start(), loopEnd(period), by);
        List<LoopRowJson> rows = new ArrayList<>();
        f.byValue().forEach((k, v) -> rows.add(new LoopRowJson(k, StagesJson.of(v))));
        rows.sort(Comparator.comparing((LoopRowJson r) -> r.key().isEmpty())
                .thenComparing(Comparator.comparingLong((LoopRowJson r) -> r.stages().leads()).reversed())
                .thenComparing(LoopRowJson::key));
        return new LoopJson(period.zone().getId(), period.first().toString(), period.last().toString(), by,
                io.siyu.api.analytics.LoopFunnel.STAGES, StagesJson.of(f.total()), rows, clock.instant().toString());
    }

    /** A period that runs into the future ends now: "still in the pool" is judged on what is known. */
    private Instant loopEnd(Period period) {
        Instant now = clock.instant().plusSeconds(1);
        return period.end().isAfter(now) && now.isAfter(period.start()) ? now : period.end();
    }

    record RelationshipDayJson(String date, long gained, long gainedCustomers, long lost, long lostCustomers, long net) {
    }

    record RelationshipsJson(String zone, String from, String to, List<String> gainedBy, List<String> lostBy,
            List<RelationshipDayJson> perDay, long gained, long lost, long net, String computedAt) {
    }

    /**
     * Relationships gained and lost per day: arrivals (a WeCom contact added, an official account
     * followed) and departures (a contact deleted by either side, an unfollow). {@code net} = gained −
     * lost; the period's totals are the sums of its days.
     */
    @GET
    @Path("relationships")
    public RelationshipsJson relationships(@QueryParam("days") Integer days, @QueryParam("from") String from,
            @QueryParam("to") String to, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        Period period = Period.of(days, from, to, zone(), clock.instant(), Period.MAX_DAYS);
        List<Instant> bounds = period.boundaries("day");
        io.siyu.api.analytics.CustomerAnalytics analytics = services.analytics();
        List<io.siyu.api.analytics.EventBucket> in = analytics.events(caller,
                io.siyu.api.analytics.CustomerAnalytics.ARRIVALS, bounds);
        List<io.siyu.api.analytics.EventBucket> out = analytics.events(caller,
                io.siyu.api.analytics.CustomerAnalytics.DEPARTURES, bounds);
        List<RelationshipDayJson> perDay = new ArrayList<>();
        long gained = 0;
        long lost = 0;
        List<LocalDate> starts = period.starts("day");
        for (int i = 0; i < starts.size(); i++) {
            io.siyu.api.analytics.EventBucket g = in.get(i);
            io.siyu.api.analytics.EventBucket l = out.get(i);
            perDay.add(new RelationshipDayJson(starts.get(i).toString(), g.events(), g.customers(), l.events(),
                    l.customers(), g.events() - l.events()));
            gained += g.events();
            lost += l.events();
        }
        return new RelationshipsJson(period.zone().getId(), period.first().toString(), period.last().toString(),
                sortedList(io.siyu.api.analytics.CustomerAnalytics.ARRIVALS),
                sortedList(io.siyu.api.analytics.CustomerAnalytics.DEPARTURES), perDay, gained, lost, gained - lost,
                clock.instant().toString());
    }

    private static List<String> sortedList(Set<String> values) {
        return values.stream().sorted().toList();
    }

    record ChannelCodeFiguresJson(ChannelCodeResource.ChannelCodeJson code, long attributed, StagesJson loop) {
    }

    record ChannelCodesJson(String zone, String from, String to, List<ChannelCodeFiguresJson> codes, String computedAt) {
    }

    /**
     * Each channel code with the customers in scope attributed to it (entry point = the code's name,
     * first touch wins) and the loop of those who arrived in the period by it.
     */
    @GET
    @Path("channel-codes")
    public ChannelCodesJson channelCodes(@QueryParam("days") Integer days, @QueryParam("from") String from,
            @QueryParam("to") String to, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        Period period = Period.of(days, from, to, zone(), clock.instant(), Period.MAX_DAYS);
        io.siyu.api.analytics.LoopFunnel loop = services.analytics().loop(caller, period.start(), loopEnd(period),
                ChannelCodeFigures.ENTRY_POINT);
        SegmentService segments = services.segments();
        List<ChannelCodeFiguresJson> codes = new ArrayList<>();
        for (io.siyu.api.channel.ChannelCodeInfo c : services.channelCodes().list(caller)) {
            long attributed = segments.count(caller,
                    Condition.attribute(ChannelCodeFigures.ENTRY_POINT, Operator.EQ, c.name()));
            codes.add(new ChannelCodeFiguresJson(ChannelCodeResource.ChannelCodeJson.of(c), attributed,
                    StagesJson.of(loop.byValue().getOrDefault(c.name(), io.siyu.api.analytics.LoopFunnel.Stages.NONE))));
        }
        return new ChannelCodesJson(period.zone().getId(), period.first().toString(), period.last().toString(), codes,
                clock.instant().toString());
    }

    /** Names shared with the core's channel-code attribution. */
    static final class ChannelCodeFigures {
        static final String ENTRY_POINT = "entryPoint";

        private ChannelCodeFigures() {
        }
    }

    /** The brand's calendar: days are counted where the brand lives, not in UTC. */
    ZoneId zone() {
        TouchPolicy policy = services.policy;
        try {
            return policy == null ? PolicySettings.DEFAULTS.brandZone() : policy.settings().brandZone();
        } catch (UnavailableException stopping) {
            return PolicySettings.DEFAULTS.brandZone();
        }
    }

    /**
     * The newest profiles, read from the end of the id order backwards (ids grow with creation) until
     * one was created before {@code since} and at least {@code sample} were seen: the period's new
     * customers cost one read each, not a scan of every customer.
     */
    static final class NewestScan {
        final List<Instant> createdSince = new ArrayList<>();
        final Set<String> sourceChannels = new LinkedHashSet<>();

        static NewestScan read(CustomerService customers, Caller caller, Instant since, int sample) {
            NewestScan scan = new NewestScan();
            int pageSize = PageRequest.MAX_LIMIT;
            long total = customers.search(caller, new CustomerQuery(null, null, PageRequest.first(1))).total();
            long end = total;
            int seen = 0;
            boolean reachedBefore = false;
            while (end > 0 && !(reachedBefore && seen >= sample)) {
                long start = Math.max(0, end - pageSize);
                Page<Customer> page = customers.search(caller,
                        new CustomerQuery(null, null, new PageRequest((int) start, (int) (end - start))));
                List<Customer> items = page.items();
                for (int i = items.size() - 1; i >= 0; i--) {
                    scan.add(items.get(i), since);
                    reachedBefore |= items.get(i).createdAt().isBefore(since);
                    seen++;
                }
                if (items.isEmpty()) {
                    break;
                }
                end = start;
            }
            return scan;
        }

        void add(Customer c, Instant since) {
            if (!c.createdAt().isBefore(since)) {
                createdSince.add(c.createdAt());
            }
            Object source = c.attributes().get(SOURCE_CHANNEL);
            if (source instanceof String s && !s.isBlank()) {
                sourceChannels.add(s);
            }
        }

        Map<LocalDate, Long> createdPerDay(ZoneId zone) {
            Map<LocalDate, Long> perDay = new LinkedHashMap<>();
            for (Instant at : createdSince) {
                perDay.merge(LocalDate.ofInstant(at, zone), 1L, Long::sum);
            }
            return perDay;
        }
    }
}
