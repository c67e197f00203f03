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

    /** The brand's calendar: days are counted where the brand lives, not in UTC. */
    private ZoneId zone() {
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
