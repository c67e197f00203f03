package io.siyu.core.internal.masssend;

import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceCardinality;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.StaffTask;
import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.Outbox;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendDraft;
import io.siyu.api.masssend.MassSendPlan;
import io.siyu.api.masssend.MassSendProgress;
import io.siyu.api.masssend.MassSendService;
import io.siyu.api.masssend.MassSendState;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.org.Reach;
import io.siyu.api.policy.PolicySettings;
import io.siyu.core.internal.Scopes;
import io.siyu.core.internal.policy.ChannelFacts;
import io.siyu.core.internal.policy.TouchEvaluation;
import io.siyu.core.internal.policy.TouchPolicyImpl;
import io.siyu.core.internal.segment.SegmentServiceImpl;
import io.siyu.store.Store;
import io.siyu.store.StoredMassSend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.roaringbitmap.RoaringBitmap;

/**
 * Mass sends (群发): a plan from the touch policy before anything is queued, then the eligible
 * customers' messages into the outbox, split per sending staff member (WeCom mass messages go out
 * as the customer's owner) and into chunks. Outbox keys are {@code mass:<root>:<id>:…}, so the
 * touch log tells who already got a mass send or its follow-ups, and a repeated accept after a
 * crash queues only the rest.
 */
@Component(service = MassSendService.class, immediate = true)
public final class MassSendServiceImpl implements MassSendService {
    /** Recipients per outbox message; the outbox splits further by the adapter's batch size. */
    static final int CHUNK = 10_000;
    static final int MAX_LIST = 10_000;
    static final int MAX_PERSONALISED = 50_000;
    static final String NAME_PLACEHOLDER = "{name}";
    /** Customers a WeCom mass message cannot go to: it is sent as their owner, and they have none. */
    static final String RULE_NO_SENDER = "no-sender";
    /** The attribute naming the staff member who owns (and sends to) a customer. */
    static final String OWNER = "ownerStaff";
    private static final Logger LOG = Logger.getLogger(MassSendServiceImpl.class.getName());

    private final Store store;
    private final TouchPolicyImpl policy;
    private final SegmentServiceImpl segments;
    private final Outbox outbox;
    private final Clock clock;
    private final Authority authority;
    /** Review before use where an active edition asks for it (the bank); without it none. */
    @Reference(policy = ReferencePolicy.DYNAMIC)
    volatile io.siyu.core.internal.content.OutboundReview review = io.siyu.core.internal.content.OutboundReview.NONE;
    private ScheduledExecutorService followUps;
    /** Staff confirm WeCom mass messages in WeCom; a task tells them to. Optional: without it no tasks. */
    private volatile StaffTaskService tasks;

    @Activate
    public MassSendServiceImpl(@Reference Store store, @Reference TouchPolicyImpl policy,
            @Reference SegmentServiceImpl segments, @Reference Outbox outbox, @Reference Authority authority) {
        this(store, policy, segments, outbox, Clock.systemUTC(), authority);
        followUps = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siyu-mass-send-follow-ups");
            t.setDaemon(true);
            return t;
        });
        followUps.scheduleWithFixedDelay(this::acceptDueFollowUps, 30, 30, TimeUnit.SECONDS);
    }

    /** Core roles only; a factory because Declarative Services tells constructors apart by arity. */
    public static MassSendServiceImpl withCoreRoles(Store store, TouchPolicyImpl policy, SegmentServiceImpl segments,
            Outbox outbox, Clock clock) {
        return new MassSendServiceImpl(store, policy, segments, outbox, clock, Authority.of(store, List::of));
    }

    public MassSendServiceImpl(Store store, TouchPolicyImpl policy, SegmentServiceImpl segments, Outbox outbox,
            Clock clock, Authority authority) {
        this.authority = authority;
        this.store = store;
        this.policy = policy;
        this.segments = segments;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void bindTasks(StaffTaskService t) {
        tasks = t;
    }

    public void unbindTasks(StaffTaskService t) {
        if (tasks == t) {
            tasks = null;
        }
    }

    @Deactivate
    void stop() {
        if (followUps != null) {
            followUps.shutdownNow();
        }
    }

    @Override
    public MassSend create(Caller caller, MassSendDraft draft) {
        authority.require(caller, Permission.MASSSEND_CREATE);
        if (draft == null) {
            throw new ValidationException(FieldError.of("body", "send a mass send as JSON"));
        }
        List<FieldError> errors = new ArrayList<>();
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            errors.add(FieldError.of("name", "is required, at most 200 characters"));
        }
        Audience audience = draft.audience();
        if (audience == null) {
            errors.add(FieldError.of("audience", "is required: a segmentId or customerIds"));
        } else if (audience.segmentId() != null) {
            try {
                segments.get(caller, audience.segmentId());
            } catch (NotFoundException e) {
                errors.add(FieldError.of("audience.segmentId", "no segment " + audience.segmentId()));
            }
        } else if (audience.customerIds().size() > MAX_LIST) {
            errors.add(FieldError.of("audience.customerIds", "at most " + MAX_LIST + " customers; use a segment"));
        }
        if (draft.kind() != MessageKind.MASS && draft.kind() != MessageKind.TEMPLATE) {
            errors.add(FieldError.of("kind", "a mass send is a mass or template message"));
        }
        if (draft.content() == null) {
            errors.add(FieldError.of("content", "is required"));
        } else if ((draft.content() instanceof MessageContent.Template
                || draft.content() instanceof MessageContent.LibraryTemplate) != (draft.kind() == MessageKind.TEMPLATE)) {
            errors.add(FieldError.of("content", "template messages take template content, mass messages text"));
        }
        if (draft.channelType() == null || draft.channelAccount() == null) {
            errors.add(FieldError.of("channel", "is required as type/account"));
        } else {
            try {
                ChannelFacts facts = policy.facts(draft.channelType(), draft.channelAccount());
                if (facts.scope() == null) {
                    errors.add(FieldError.of("channel", facts.key() + " addresses no customers"));
                }
            } catch (ValidationException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        review.requireReviewed(caller, draft.channelType(), draft.channelAccount(), draft.content(), "content");
        Instant now = clock.instant();
        Instant at = draft.scheduledAt() == null ? now : draft.scheduledAt();
        StoredMassSend row = store.massSends().insert(name, MassSendJson.definition(new MassSendJson.Definition(
                audience, draft.channelType(), draft.channelAccount(), draft.kind(), draft.content(), null, false)),
                at, MassSendState.DRAFT.name(), caller.username(), now);
        return toApi(row);
    }

    @Override
    public MassSend get(Caller caller, long id) {
        return toApi(row(caller, id));
    }

    @Override
    public Page<MassSend> list(Caller caller, PageRequest page) {
        authority.require(caller, Permission.CUSTOMER_READ);
        if (caller.scope() != DataScope.ALL) {
            // below head office: the sends of the staff in reach (a few hundred rows at most per org)
            Set<String> creators = creatorsInReach(caller);
            List<MassSend> mine = new ArrayList<>();
            for (int offset = 0;; offset += 500) {
                List<StoredMassSend> rows = store.massSends().list(offset, 500);
                rows.stream().filter(r -> creators.contains(r.createdBy())).map(this::toApi).forEach(mine::add);
                if (rows.size() < 500) {
                    break;
                }
            }
            int from = (int) Math.min(mine.size(), page.offset());
            return new Page<>(mine.subList(from, (int) Math.min(mine.size(), (long) from + page.limit())), mine.size(),
                    page.offset(), page.limit());
        }
        List<MassSend> items = store.massSends().list(page.offset(), page.limit()).stream().map(this::toApi).toList();
        return new Page<>(items, store.massSends().count(), page.offset(), page.limit());
    }

    @Override
    public MassSendPlan plan(Caller caller, long id) {
        StoredMassSend row = row(caller, id);
        return compute(row, MassSendJson.definition(row.definitionJson())).plan;
    }

    @Override
    public MassSend accept(Caller caller, long id, boolean rescheduleBlocked) {
        authority.require(caller, Permission.MASSSEND_APPROVE);
        StoredMassSend row = row(caller, id);
        if (!MassSendState.DRAFT.name().equals(row.state())) {
            throw new ConflictException("mass send " + id + " is " + row.state().toLowerCase() + ", not a draft");
        }
        MassSendJson.Definition d = MassSendJson.definition(row.definitionJson());
        Computed c = compute(row, d);
        if (personalised(d.content()) && c.plan.eligible() > MAX_PERSONALISED) {
            throw new ConflictException("a personalised send goes one message per customer: at most "
                    + MAX_PERSONALISED + ", this one would reach " + c.plan.eligible());
        }
        // Content withdrawn since the definition is refused here, before anything is queued; the send stays a draft.
        review.requireReviewed(caller, d.channelType(), d.channelAccount(), d.content(), "content");
        queue(row, d, c);
        confirmationTasks(row, d, c);
        StoredMassSend accepted = store.massSends().update(id, row.version(), MassSendState.QUEUED.name(), c.plan.at(),
                MassSendJson.plan(c.plan), clock.instant())
                .orElseThrow(() -> new ConflictException("mass send " + id + " changed while it was being accepted"));
        if (rescheduleBlocked && d.followUpOf() == null) {
            scheduleFollowUps(row, d, c.plan);
        }
        LOG.info(() -> caller.username() + " accepted mass send " + id + ": " + c.plan.eligible() + " of "
                + c.plan.audience() + " customers queued for " + c.plan.at());
        return toApi(accepted, d);
    }

    @Override
    public MassSend cancel(Caller caller, long id) {
        authority.require(caller, Permission.MASSSEND_CREATE);
        StoredMassSend row = row(caller, id);
        MassSendJson.Definition d = MassSendJson.definition(row.definitionJson());
        if (MassSendState.CANCELLED.name().equals(row.state())) {
            return toApi(row, d);
        }
        for (String key : store.outbox().keysStartingWith(prefix(row, d))) {
            try {
                outbox.cancel(key);
            } catch (ConflictException alreadyOut) {
                // sent or failed already: nothing to take back
            }
        }
        return toApi(store.massSends().update(id, row.version(), MassSendState.CANCELLED.name(), row.scheduledAt(),
                row.planJson(), clock.instant())
                .orElseThrow(() -> new ConflictException("mass send " + id + " changed while it was being cancelled")), d);
    }

    @Override
    public MassSendProgress progress(Caller caller, long id) {
        StoredMassSend row = row(caller, id);
        String prefix = prefix(row, MassSendJson.definition(row.definitionJson()));
        Map<String, Long> counts = store.outbox().recipientCounts(prefix);
        Map<String, Long> failed = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith("FAILED:")) {
                failed.put(k.substring("FAILED:".length()), v);
            }
        });
        return new MassSendProgress(count(counts, DeliveryState.QUEUED), count(counts, DeliveryState.SENDING),
                count(counts, DeliveryState.SENT), count(counts, DeliveryState.DELIVERED),
                count(counts, DeliveryState.CONFIRMED), count(counts, DeliveryState.FAILED),
                count(counts, DeliveryState.CANCELLED), failed, store.outbox().keysStartingWith(prefix).size());
    }

    private static long count(Map<String, Long> counts, DeliveryState state) {
        return counts.getOrDefault(state.name(), 0L);
    }

    /** A plan and the customers behind it. */
    private record Computed(MassSendPlan plan, Map<String, RoaringBitmap> perStaff) {
    }

    private Computed compute(StoredMassSend row, MassSendJson.Definition d) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Instant at = row.scheduledAt().isBefore(now) ? now : row.scheduledAt();
        PolicySettings settings = policy.settings();
        ChannelFacts facts = policy.facts(d.channelType(), d.channelAccount());
        RoaringBitmap audience = audience(d.audience());
        Reach reach = creatorReach(row.createdBy());
        if (!reach.all()) {
            audience.and(segments.followedBy(reach.staffKeys()));
        }
        RoaringBitmap exclude = new RoaringBitmap();
        store.touches().touchedBy(rootPrefix(row, d), id -> exclude.add(Math.toIntExact(id)));
        TouchEvaluation e = policy.evaluate(settings, facts, d.kind(), null, at, audience,
                exclude.isEmpty() ? null : exclude);

        Map<String, RoaringBitmap> perStaff = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        RoaringBitmap eligible = e.eligible();
        if (eligible.getLongCardinality() <= policy.filterLimit()) {
            store.touches().attribute(OWNER, ids(eligible), (id, staff) -> {
                if (staff != null && !staff.isBlank()) {
                    perStaff.computeIfAbsent(staff.strip(), k -> new RoaringBitmap()).add(Math.toIntExact(id));
                }
            });
        } else {
            segments.textValues(OWNER).forEach((staff, who) -> {
                RoaringBitmap mine = RoaringBitmap.and(eligible, who);
                if (!staff.isBlank() && !mine.isEmpty()) {
                    perStaff.computeIfAbsent(staff.strip(), k -> new RoaringBitmap()).or(mine);
                }
            });
        }
        RoaringBitmap owned = RoaringBitmap.or(perStaff.values().iterator());
        RoaringBitmap noOwner = RoaringBitmap.andNot(eligible, owned);
        if (senderRequired(facts, d.kind())) {
            e.block(RULE_NO_SENDER, "a " + facts.type() + " mass message is sent by the customer's owner"
                    + " (attribute ownerStaff), and these customers have none", noOwner, null);
        } else if (!noOwner.isEmpty()) {
            perStaff.put(null, noOwner);
        }

        List<MassSendPlan.Blocked> blocked = e.blocked().stream().map(g -> new MassSendPlan.Blocked(g.ruleId(),
                g.reason(), g.customers().getLongCardinality(), g.allowedFrom())).toList();
        List<MassSendPlan.StaffShare> shares = perStaff.entrySet().stream()
                .map(s -> new MassSendPlan.StaffShare(s.getKey(), s.getValue().getLongCardinality())).toList();
        List<String> preview = personalised(d.content()) ? preview(d.content(), eligible) : List.of();
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return new Computed(new MassSendPlan(at, audience.getLongCardinality(), eligible.getLongCardinality(), blocked,
                shares, preview, now, millis), perStaff);
    }

    /** The customers of an audience now: a segment's members, or the listed customers' live profiles. */
    private RoaringBitmap audience(Audience a) {
        if (a.segmentId() != null) {
            return segments.evaluate(segments.get(Caller.SYSTEM, a.segmentId()).condition());
        }
        RoaringBitmap ids = new RoaringBitmap();
        for (long id : a.customerIds()) {
            store.identities().resolve(id).ifPresent(live -> ids.add(Math.toIntExact(live)));
        }
        return ids;
    }

    private static boolean senderRequired(ChannelFacts facts, MessageKind kind) {
        return kind == MessageKind.MASS && "wecom".equals(facts.type());
    }

    private static boolean personalised(MessageContent content) {
        return content instanceof MessageContent.Text t && t.text() != null && t.text().contains(NAME_PLACEHOLDER);
    }

    private List<String> preview(MessageContent content, RoaringBitmap eligible) {
        List<String> texts = new ArrayList<>();
        for (int id : eligible) {
            if (texts.size() == 3) {
                break;
            }
            texts.add(personalise((MessageContent.Text) content, name(id)).text());
        }
        return texts;
    }

    private String name(long customerId) {
        return store.customers().find(customerId).map(c -> c.displayName()).filter(n -> n != null && !n.isBlank())
                .orElse("");
    }

    private static MessageContent.Text personalise(MessageContent.Text text, String name) {
        return new MessageContent.Text(text.text().replace(NAME_PLACEHOLDER, name), text.attachments());
    }

    /** Every eligible customer's message into the outbox, keyed so that a repeat queues nothing twice. */
    private void queue(StoredMassSend row, MassSendJson.Definition d, Computed c) {
        ChannelFacts facts = policy.facts(d.channelType(), d.channelAccount());
        String prefix = prefix(row, d);
        for (Map.Entry<String, RoaringBitmap> staff : c.perStaff().entrySet()) {
            String sender = staff.getKey();
            Map<Long, String> addresses = new LinkedHashMap<>();
            RoaringBitmap mine = staff.getValue();
            long[] among = mine.getLongCardinality() <= policy.filterLimit() ? ids(mine) : null;
            store.touches().addresses(facts.scope().type(), facts.scope().namespace(), among, (id, value) -> {
                if (mine.contains(Math.toIntExact(id))) {
                    addresses.putIfAbsent(id, value);
                }
            });
            List<Long> customers = new ArrayList<>(new TreeSet<>(addresses.keySet()));
            if (personalised(d.content())) {
                for (long customer : customers) {
                    send(prefix + "c" + customer, d, sender, List.of(identity(facts, addresses.get(customer))),
                            personalise((MessageContent.Text) d.content(), name(customer)), c.plan().at());
                }
                continue;
            }
            for (int from = 0; from < customers.size(); from += CHUNK) {
                List<Long> chunk = customers.subList(from, Math.min(customers.size(), from + CHUNK));
                List<ChannelIdentity> to = chunk.stream().map(id -> identity(facts, addresses.get(id))).toList();
                send(prefix + (sender == null ? "-" : sender) + ":" + chunk.get(0), d, sender, to, d.content(),
                        c.plan().at());
            }
        }
    }

    /**
     * A WeCom mass message reaches nobody until its sender confirms it in WeCom: each sending staff
     * member gets a task, due a day after the send (WeCom drops unconfirmed ones after that).
     */
    private void confirmationTasks(StoredMassSend row, MassSendJson.Definition d, Computed c) {
        StaffTaskService t = tasks;
        if (t == null || !senderRequired(policy.facts(d.channelType(), d.channelAccount()), d.kind())) {
            return;
        }
        for (Map.Entry<String, RoaringBitmap> staff : c.perStaff().entrySet()) {
            if (staff.getKey() == null) {
                continue;
            }
            String source = prefix(row, d) + staff.getKey();
            t.create(Caller.SYSTEM, new StaffTaskDraft(StaffTask.Kind.CONFIRM_MASS_MESSAGE, staff.getKey(),
                    "确认群发：" + row.name(), "在企业微信「客户联系-群发助手」中确认发送给 "
                            + staff.getValue().getLongCardinality() + " 位客户的群发消息。", null, "masssend:" + row.id(),
                    StaffTask.Priority.HIGH, c.plan().at().plus(Duration.ofDays(1))), source + ":confirm");
        }
    }

    private void send(String key, MassSendJson.Definition d, String sender, List<ChannelIdentity> to,
            MessageContent content, Instant at) {
        outbox.enqueue(new OutboundMessage(key, d.channelType(), d.channelAccount(), d.kind(), to, null, content, null,
                sender, null), at);
    }

    private static ChannelIdentity identity(ChannelFacts facts, String value) {
        return new ChannelIdentity(facts.scope().type(), facts.scope().namespace(), value);
    }

    /** One follow-up per distinct time the blocked groups become sendable; it sends to whoever has not had the root send yet. */
    private void scheduleFollowUps(StoredMassSend row, MassSendJson.Definition d, MassSendPlan plan) {
        TreeSet<Instant> times = new TreeSet<>();
        plan.blocked().stream().filter(b -> b.allowedFrom() != null && !TouchEvaluation.RULE_EXCLUDED.equals(b.ruleId()))
                .forEach(b -> times.add(b.allowedFrom()));
        for (Instant at : times) {
            StoredMassSend f = store.massSends().insert(row.name() + " (follow-up " + at + ")",
                    MassSendJson.definition(new MassSendJson.Definition(d.audience(), d.channelType(), d.channelAccount(),
                            d.kind(), d.content(), row.id(), true)), at, MassSendState.DRAFT.name(), "system", clock.instant());
            LOG.info(() -> "mass send " + row.id() + ": follow-up " + f.id() + " scheduled for " + at);
        }
    }

    /** Accepts follow-ups whose time has come; one node wins each (the state change is compare-and-set). */
    void acceptDueFollowUps() {
        try {
            Instant now = clock.instant();
            for (StoredMassSend row : store.massSends().dueDrafts(now, 500)) {
                if (MassSendJson.definition(row.definitionJson()).autoAccept()) {
                    try {
                        accept(Caller.SYSTEM, row.id(), false);
                    } catch (ConflictException taken) {
                        // another node accepted it first
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "follow-up mass sends could not be checked; trying again shortly", e);
        }
    }

    private static String rootPrefix(StoredMassSend row, MassSendJson.Definition d) {
        return "mass:" + (d.followUpOf() == null ? row.id() : d.followUpOf()) + ":";
    }

    /** Takes the parsed definition: a list audience can hold many ids, so each call parses it once. */
    private static String prefix(StoredMassSend row, MassSendJson.Definition d) {
        return rootPrefix(row, d) + row.id() + ":";
    }

    private static long[] ids(RoaringBitmap bitmap) {
        long[] ids = new long[bitmap.getCardinality()];
        int i = 0;
        for (int id : bitmap) {
            ids[i++] = id;
        }
        return ids;
    }

    /**
     * A send reaches the customers its creator reaches, whoever plans or accepts it later: a staff
     * creator's scope follows from their staff record; anyone else (administrators, head-office
     * realm users) created it with the scope ALL.
     */
    private Reach creatorReach(String createdBy) {
        if (store.org().staff(createdBy).isEmpty()) {
            return Reach.ALL;
        }
        try {
            return authority.reach(authority.callerFor(createdBy, Set.of()));
        } catch (io.siyu.api.ForbiddenException left) {
            return Reach.NONE; // the creator has left: their send reaches nobody until someone in reach re-creates it
        }
    }

    /** Who created the sends a caller below head office sees: themselves and the staff of their units. */
    private Set<String> creatorsInReach(Caller caller) {
        Set<String> units = authority.unitsInReach(caller);
        Set<String> creators = new java.util.HashSet<>(Set.of(caller.username()));
        store.org().allStaff().stream().filter(s -> units.contains(s.orgUnitId())).forEach(s -> creators.add(s.id()));
        return creators;
    }

    private StoredMassSend row(Caller caller, long id) {
        StoredMassSend row = row(id);
        if (caller.scope() != DataScope.ALL && !creatorsInReach(caller).contains(row.createdBy())) {
            throw new NotFoundException("mass send", id);
        }
        return row;
    }

    private StoredMassSend row(long id) {
        return store.massSends().find(id).orElseThrow(() -> new NotFoundException("mass send", id));
    }

    private MassSend toApi(StoredMassSend row) {
        return toApi(row, MassSendJson.definition(row.definitionJson()));
    }

    private static MassSend toApi(StoredMassSend row, MassSendJson.Definition d) {
        return new MassSend(row.id(), row.name(), d.audience(), d.channelType(), d.channelAccount(), d.kind(),
                d.content(), row.scheduledAt(), MassSendState.valueOf(row.state()), MassSendJson.plan(row.planJson()),
                d.followUpOf(), row.createdBy(), row.createdAt(), row.version());
    }
}
