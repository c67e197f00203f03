package io.siyu.core.internal.policy;

import io.siyu.api.channel.MessageKind;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.policy.TouchScenario;
import io.siyu.store.TouchRepository;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * The touch rules applied to many customers at once, as bitmaps: each rule takes the customers it
 * blocks out of those still allowed, in a fixed order, so a customer is reported under the first
 * rule that blocks them. One customer (a single check) is the same computation with an audience of
 * one, so single checks and million-customer plans can never disagree.
 */
public final class TouchEvaluation {
    /** Kinds that count against the brand's cross-channel caps: everything proactive to one customer. */
    static final Set<MessageKind> PROACTIVE = EnumSet.of(MessageKind.MASS, MessageKind.TEMPLATE, MessageKind.DIRECT);
    public static final String RULE_EXCLUDED = "already-sent";
    /** The attribute holding a customer's IANA time zone. */
    static final String TIME_ZONE = "timeZone";

    /** Customers blocked by one rule, and when all of them become sendable (null: waiting does not help). */
    public record Group(String ruleId, String reason, RoaringBitmap customers, Instant allowedFrom) {
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    final RoaringBitmap eligible;
    final List<Group> blocked = new ArrayList<>();

    /** Who may be touched; callers may narrow it further with {@link #block}. */
    public RoaringBitmap eligible() {
        return eligible;
    }

    /** The blocked groups, in rule order. */
    public List<Group> blocked() {
        return blocked;
    }
    private final TouchRepository repo;
    private final PolicySettings settings;
    private final long[] among;
    private final Instant at;
    /** In-memory facts for audiences too large to read by id; null to read the store. */
    private final CustomerBitmaps bitmaps;
    /** Customers with a time zone of their own; everyone else lives in the brand's zone. */
    private Map<ZoneId, RoaringBitmap> zones;

    private TouchEvaluation(TouchRepository repo, PolicySettings settings, RoaringBitmap audience, long[] among,
            Instant at, CustomerBitmaps bitmaps) {
        this.repo = repo;
        this.bitmaps = among == null ? bitmaps : null;
        this.settings = settings;
        this.eligible = audience.clone();
        this.among = among;
        this.at = at;
    }

    /**
     * @param among the audience as ids when it is small (filters the reads), null to read everything
     * @param exclude customers to leave out as already sent (a follow-up's original recipients); may be null
     * @param bitmaps in-memory facts used when {@code among} is null; may be null
     */
    static TouchEvaluation run(TouchRepository repo, PolicySettings s, ChannelFacts channel, MessageKind kind,
            TouchScenario scenario, Instant at, RoaringBitmap audience, long[] among, RoaringBitmap exclude,
            CustomerBitmaps bitmaps) {
        TouchEvaluation e = new TouchEvaluation(repo, s, audience, among, at, bitmaps);
        if (exclude != null) {
            e.block(RULE_EXCLUDED, "already received this mass send", exclude, null);
        }
        boolean reply = kind == MessageKind.WELCOME || kind == MessageKind.DIRECT && scenario == TouchScenario.CUSTOMER_INITIATED;
        if (kind == MessageKind.DIRECT && scenario == null) {
            e.block(TouchPolicy.RULE_SCENARIO, "a proactive 1:1 message needs a scenario", e.eligible, null);
        } else if (kind == MessageKind.DIRECT && !s.allowedScenarios().contains(scenario)) {
            e.block(TouchPolicy.RULE_SCENARIO, "the brand does not allow 1:1 messages for "
                    + scenario.name().toLowerCase(Locale.ROOT), e.eligible, null);
        }
        e.consent(channel.type(), reply);
        e.reachable(channel);
        if (!reply) {
            e.channelQuota(channel, kind);
            if (PROACTIVE.contains(kind)) {
                e.crossChannel(PolicySettings.Period.WEEK, s.crossChannelPerWeek());
                e.crossChannel(PolicySettings.Period.DAY, s.crossChannelPerDay());
            }
            e.quietHours();
        }
        return e;
    }

    /** Takes {@code who} out of the eligible customers under {@code rule}. */
    public void block(String rule, String reason, RoaringBitmap who, Instant allowedFrom) {
        RoaringBitmap hit = RoaringBitmap.and(eligible, who);
        if (!hit.isEmpty()) {
            eligible.andNot(hit);
            blocked.add(new Group(rule, reason, hit, allowedFrom));
        }
    }

    private boolean done() {
        return eligible.isEmpty();
    }

    private void consent(String channelType, boolean reply) {
        if (done()) {
            return;
        }
        RoaringBitmap out = new RoaringBitmap();
        repo.optedOut(channelType, among, id -> out.add(slot(id)));
        block(TouchPolicy.RULE_CONSENT, "opted out of " + channelType, out, null);
        if (reply || done()) {
            return;
        }
        RoaringBitmap dnd = new RoaringBitmap();
        Instant[] latest = {null};
        repo.doNotDisturb(at, among, (id, until) -> {
            int slot = slot(id);
            if (eligible.contains(slot)) {
                dnd.add(slot);
                latest[0] = latest[0] == null || until.isAfter(latest[0]) ? until : latest[0];
            }
        });
        if (!dnd.isEmpty()) {
            block(TouchPolicy.RULE_CONSENT, "complained: no proactive messages until " + local(latest[0]), dnd,
                    outOfQuiet(latest[0]));
        }
    }

    private void reachable(ChannelFacts channel) {
        if (done()) {
            return;
        }
        if (channel.scope() == null) {
            block(TouchPolicy.RULE_NO_IDENTITY, channel.key() + " addresses no customers", eligible, null);
            return;
        }
        RoaringBitmap reach;
        if (bitmaps != null) {
            reach = bitmaps.reachable(channel.scope().type().name(), channel.scope().namespace());
        } else {
            RoaringBitmap read = new RoaringBitmap();
            repo.reachable(channel.scope().type(), channel.scope().namespace(), among, id -> read.add(slot(id)));
            reach = read;
        }
        RoaringBitmap unreachable = RoaringBitmap.andNot(eligible, reach);
        block(TouchPolicy.RULE_NO_IDENTITY, "no " + channel.scope().type().code() + " identity on " + channel.key(),
                unreachable, null);
    }

    private void channelQuota(ChannelFacts channel, MessageKind kind) {
        PolicySettings.Quota quota = settings.channelQuotas().get(channel.key());
        if (quota == null) {
            quota = settings.channelQuotas().get(channel.type());
        }
        if (quota == null) {
            quota = channel.declaredQuota();
        }
        if (quota == null || !quota.kinds().contains(kind) || done()) {
            return;
        }
        Instant[] period = Periods.containing(at, quota.per(), settings.brandZone());
        RoaringBitmap full = atLeast(channel.type(), channel.account(), quota.kinds(), period, quota.count());
        String per = quota.per().name().toLowerCase(Locale.ROOT);
        block(TouchPolicy.RULE_CHANNEL_QUOTA, "already received " + quota.count() + " "
                + kindsText(quota.kinds()) + " on " + channel.key() + " this " + per + " (quota " + quota.count()
                + " per " + per + ")", full, outOfQuiet(period[1]));
    }

    private void crossChannel(PolicySettings.Period per, int cap) {
        if (cap == 0 || done()) {
            return;
        }
        Instant[] period = Periods.containing(at, per, settings.brandZone());
        RoaringBitmap full = atLeast(null, null, PROACTIVE, period, cap);
        String name = per.name().toLowerCase(Locale.ROOT);
        block(TouchPolicy.RULE_CROSS_CHANNEL_CAP, "already touched " + cap + " times this " + name
                + " across channels (the brand's cap per " + name + ")", full, outOfQuiet(period[1]));
    }

    private void quietHours() {
        if (!settings.hasQuietHours() || done()) {
            return;
        }
        RoaringBitmap quiet = new RoaringBitmap();
        Instant latest = null;
        RoaringBitmap brand = eligible.clone();
        for (Map.Entry<ZoneId, RoaringBitmap> z : zones().entrySet()) {
            brand.andNot(z.getValue());
            Instant until = Periods.quietUntil(at, settings.quietFrom(), settings.quietUntil(), z.getKey());
            if (until != null) {
                quiet.or(RoaringBitmap.and(eligible, z.getValue()));
                latest = latest == null || until.isAfter(latest) ? until : latest;
            }
        }
        Instant until = Periods.quietUntil(at, settings.quietFrom(), settings.quietUntil(), settings.brandZone());
        if (until != null && !brand.isEmpty()) {
            quiet.or(brand);
            latest = latest == null || until.isAfter(latest) ? until : latest;
        }
        block(TouchPolicy.RULE_QUIET_HOURS, settings.quietFrom() + "-" + settings.quietUntil()
                + " is quiet time in the customer's time zone", quiet, latest);
    }

    /** The first moment at or after {@code t} outside quiet hours for every zone the audience lives in. */
    private Instant outOfQuiet(Instant t) {
        if (!settings.hasQuietHours()) {
            return t;
        }
        Instant latest = t;
        List<ZoneId> all = new ArrayList<>(zones().keySet());
        all.add(settings.brandZone());
        for (ZoneId z : all) {
            Instant until = Periods.quietUntil(t, settings.quietFrom(), settings.quietUntil(), z);
            if (until != null && until.isAfter(latest)) {
                latest = until;
            }
        }
        return latest;
    }

    private Map<ZoneId, RoaringBitmap> zones() {
        if (zones == null) {
            zones = new HashMap<>();
            if (bitmaps != null) {
                bitmaps.textValues(TIME_ZONE).forEach((value, who) -> zone(value).ifPresent(
                        zone -> zones.computeIfAbsent(zone, z -> new RoaringBitmap()).or(who)));
            } else {
                repo.attribute(TIME_ZONE, among, (id, value) -> zone(value).ifPresent(
                        zone -> zones.computeIfAbsent(zone, z -> new RoaringBitmap()).add(slot(id))));
            }
        }
        return zones;
    }

    /** A customer's own zone, when it is a zone id other than the brand's. */
    private java.util.Optional<ZoneId> zone(String value) {
        try {
            ZoneId zone = ZoneId.of(value.strip());
            return zone.equals(settings.brandZone()) ? java.util.Optional.empty() : java.util.Optional.of(zone);
        } catch (DateTimeException unknownZone) {
            return java.util.Optional.empty(); // not a zone id: the brand's zone applies
        }
    }

    /** Customers with at least {@code cap} touches of {@code kinds} in the period. */
    private RoaringBitmap atLeast(String type, String account, Set<MessageKind> kinds, Instant[] period, int cap) {
        RoaringBitmap full = new RoaringBitmap();
        int[][] counts = {new int[0]};
        repo.touchCounts(type, account, kinds, period[0], period[1], among, (id, n) -> {
            int slot = slot(id);
            if (n >= cap) {
                full.add(slot);
                return;
            }
            // an alias and its live profile arrive separately: add them up
            if (slot >= counts[0].length) {
                counts[0] = Arrays.copyOf(counts[0], Math.max(slot + 1, counts[0].length * 2));
            }
            counts[0][slot] += n;
            if (counts[0][slot] >= cap) {
                full.add(slot);
            }
        });
        return full;
    }

    private String local(Instant t) {
        return WHEN.format(t.atZone(settings.brandZone()));
    }

    private static String kindsText(Set<MessageKind> kinds) {
        return kinds.equals(Set.of(MessageKind.MASS)) ? "mass message(s)" : "message(s)";
    }

    static int slot(long customerId) {
        return Math.toIntExact(customerId);
    }
}
