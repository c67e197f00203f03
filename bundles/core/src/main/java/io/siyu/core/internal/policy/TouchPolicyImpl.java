package io.siyu.core.internal.policy;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.MomentCheck;
import io.siyu.api.policy.MomentRequest;
import io.siyu.api.policy.PolicyDecision;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.policy.TouchRequest;
import io.siyu.api.policy.TouchScenario;
import io.siyu.core.internal.Scopes;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.roaringbitmap.RoaringBitmap;

/**
 * The touch policy (触达治理). Settings live in the store, so every node applies the same rules;
 * what each channel account addresses and its declared quota come from its adapter and are
 * remembered while the adapter is away.
 */
@Component(service = {TouchPolicy.class, TouchPolicyImpl.class})
public final class TouchPolicyImpl implements TouchPolicy {
    static final String SETTINGS = "policy.settings";
    /** Audiences up to this size filter the reads by id; larger ones use memory or read everything once. */
    public static final int FILTER_LIMIT = 2_000;
    private static final Duration SETTINGS_TTL = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(TouchPolicyImpl.class.getName());

    private final Store store;
    private final io.siyu.core.internal.org.DataScopes scopes;
    private final ChannelRegistry registry;
    private final Clock clock;
    private final Map<String, ChannelFacts> known = new ConcurrentHashMap<>();
    private volatile CustomerBitmaps bitmaps;
    private volatile int filterLimit = FILTER_LIMIT;
    private volatile PolicySettings cached;
    private volatile Instant cachedAt = Instant.MIN;

    @Activate
    public TouchPolicyImpl(@Reference Store store, @Reference ChannelRegistry registry) {
        this(store, registry, Clock.systemUTC());
    }

    public TouchPolicyImpl(Store store, ChannelRegistry registry, Clock clock) {
        this.store = store;
        this.scopes = new io.siyu.core.internal.org.DataScopes(store);
        this.registry = registry;
        this.clock = clock;
    }

    /** The segment index's facts, for plans over many customers; without it plans read the store. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    public void bindBitmaps(CustomerBitmaps b) {
        bitmaps = b;
    }

    public void unbindBitmaps(CustomerBitmaps b) {
        if (bitmaps == b) {
            bitmaps = null;
        }
    }

    @Override
    public PolicyDecision check(Caller caller, TouchRequest request) {
        return checkAll(caller, List.of(request)).get(0);
    }

    @Override
    public List<PolicyDecision> checkAll(Caller caller, List<TouchRequest> requests) {
        PolicySettings s = settings();
        // one evaluation per distinct (channel, kind, scenario, time): a plan's requests share them
        record Key(String type, String account, MessageKind kind, TouchScenario scenario, Instant at) {
        }
        Map<Key, List<Integer>> groups = new LinkedHashMap<>();
        long[] live = new long[requests.size()];
        Map<Long, Long> resolved = store.identities().resolveAll(requests.stream().mapToLong(TouchRequest::customerId).toArray());
        for (int i = 0; i < requests.size(); i++) {
            TouchRequest r = requests.get(i);
            long id = r.customerId();
            Long found = resolved.get(id);
            if (found == null) {
                throw new NotFoundException("customer", id);
            }
            live[i] = found;
            if (caller.scope() != io.siyu.api.org.DataScope.ALL) {
                scopes.requireCustomer(caller, live[i]);
            }
            groups.computeIfAbsent(new Key(r.channelType(), r.channelAccount(), r.kind(), r.scenario(), r.at()),
                    k -> new ArrayList<>()).add(i);
        }
        PolicyDecision[] out = new PolicyDecision[requests.size()];
        for (Map.Entry<Key, List<Integer>> g : groups.entrySet()) {
            Key k = g.getKey();
            RoaringBitmap audience = new RoaringBitmap();
            g.getValue().forEach(i -> audience.add(TouchEvaluation.slot(live[i])));
            TouchEvaluation e = evaluate(s, facts(k.type(), k.account()), k.kind(), k.scenario(), k.at(), audience, null);
            for (int i : g.getValue()) {
                out[i] = decision(e, TouchEvaluation.slot(live[i]));
            }
        }
        return List.of(out);
    }

    /** The rules over an audience; the reads are filtered by id when it is small. */
    public TouchEvaluation evaluate(PolicySettings s, ChannelFacts channel, MessageKind kind, TouchScenario scenario,
            Instant at, RoaringBitmap audience, RoaringBitmap exclude) {
        long[] among = null;
        if (audience.getLongCardinality() <= filterLimit) {
            among = new long[audience.getCardinality()];
            int i = 0;
            for (int id : audience) {
                among[i++] = id;
            }
        }
        return TouchEvaluation.run(store.touches(), s, channel, kind, scenario, at, audience, among, exclude, bitmaps);
    }

    private static PolicyDecision decision(TouchEvaluation e, int customer) {
        if (e.eligible.contains(customer)) {
            return PolicyDecision.ALLOWED;
        }
        for (TouchEvaluation.Group g : e.blocked) {
            if (g.customers().contains(customer)) {
                return PolicyDecision.block(g.ruleId(), g.reason(), g.allowedFrom());
            }
        }
        throw new IllegalStateException("customer " + customer + " neither allowed nor blocked");
    }

    /** What the account addresses and its declared quota; remembered while its adapter is away. */
    public ChannelFacts facts(String type, String account) {
        Optional<ChannelAdapter> adapter = registry.adapter(type, account);
        if (adapter.isPresent()) {
            ChannelLimits limits = adapter.get().descriptor().limits();
            PolicySettings.Quota quota = limits.receiveQuota() > 0
                    ? new PolicySettings.Quota(limits.receiveQuota(), period(limits.receiveQuotaWindow()), null)
                    : null;
            ChannelFacts facts = new ChannelFacts(type, account, adapter.get().recipientScope().orElse(null), quota);
            known.put(facts.key(), facts);
            return facts;
        }
        ChannelFacts remembered = known.get(type + "/" + account);
        if (remembered == null) {
            throw new ValidationException(FieldError.of("channel", "no channel account " + type + "/" + account
                    + " is configured on this node"));
        }
        return remembered;
    }

    private static PolicySettings.Period period(Duration window) {
        if (window.compareTo(Duration.ofDays(1)) <= 0) {
            return PolicySettings.Period.DAY;
        }
        return window.compareTo(Duration.ofDays(7)) <= 0 ? PolicySettings.Period.WEEK : PolicySettings.Period.MONTH;
    }

    @Override
    public MomentCheck checkMoment(Caller caller, MomentRequest request) {
        Scopes.requireAll(caller);
        PolicySettings s = settings();
        PolicySettings.MomentRules rules = s.moments();
        Instant[] day = Periods.containing(request.at(), PolicySettings.Period.DAY, s.brandZone());
        int[] today = store.touches().moments(request.staffId(), day[0], day[1]);
        List<String> problems = new ArrayList<>();
        Instant allowedFrom = null;
        if (rules.postsPerDay() > 0 && today[0] >= rules.postsPerDay()) {
            problems.add(request.staffId() + " already posted " + today[0] + " moments today (at most "
                    + rules.postsPerDay() + " a day)");
            allowedFrom = day[1];
        }
        LocalDate date = request.at().atZone(s.brandZone()).toLocalDate();
        boolean firstPhase = rules.firstPhaseUntil() != null && !date.isAfter(rules.firstPhaseUntil());
        int required = firstPhase ? rules.personaPercentFirstPhase() : rules.personaPercentAfter();
        int share = (today[1] + (request.persona() ? 1 : 0)) * 100 / (today[0] + 1);
        if (share < required) {
            problems.add("persona content would be " + share + "% of today's moments (at least " + required + "%"
                    + (firstPhase ? " in the first phase" : "") + "); post persona content first");
        }
        PolicyDecision decision = problems.isEmpty() || !rules.block() ? PolicyDecision.ALLOWED
                : PolicyDecision.block(RULE_MOMENTS, problems.get(0), allowedFrom);
        return new MomentCheck(decision, rules.block() ? List.of() : problems, today[0], today[1]);
    }

    /** Records posted moments for the moments rules. */
    public void momentPosted(String staffId, String channelType, String account, boolean persona, String source) {
        store.touches().recordMoment(staffId, channelType, account, persona, clock.instant(), source);
    }

    @Override
    public PolicySettings settings() {
        Instant now = clock.instant();
        PolicySettings s = cached;
        if (s != null && now.isBefore(cachedAt.plus(SETTINGS_TTL))) {
            return s;
        }
        s = store.settings().get(SETTINGS).map(PolicySettingsJson::parse).orElse(PolicySettings.DEFAULTS);
        cached = s;
        cachedAt = now;
        return s;
    }

    @Override
    public PolicySettings updateSettings(Caller caller, PolicySettings settings) {
        Scopes.requireAll(caller); // who may change it is decided at the door (REST: administrators)
        if (settings == null) {
            throw new ValidationException(FieldError.of("body", "send the settings"));
        }
        store.settings().put(SETTINGS, PolicySettingsJson.text(settings));
        cached = settings;
        cachedAt = clock.instant();
        LOG.info(() -> caller.username() + " changed the touch policy: " + PolicySettingsJson.text(settings));
        return settings;
    }

    /** Audiences up to this size are read from the store by id. */
    public int filterLimit() {
        return filterLimit;
    }

    /** Tests set 0 to plan even a handful of customers the way a million are planned. */
    public void filterLimit(int limit) {
        filterLimit = limit;
    }

    Clock clock() {
        return clock;
    }

    Store store() {
        return store;
    }

    Map<String, ChannelFacts> knownChannels() {
        return new HashMap<>(known);
    }
}
