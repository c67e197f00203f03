package io.siyu.core.internal.sop;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.Outbox;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagService;
import io.siyu.api.org.Caller;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.segment.SegmentService;
import io.siyu.api.sop.SopAction;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopDraft;
import io.siyu.api.sop.SopInstance;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopService;
import io.siyu.api.sop.SopState;
import io.siyu.api.sop.SopStep;
import io.siyu.api.sop.SopStepRun;
import io.siyu.api.sop.SopTrigger;
import io.siyu.core.internal.EventReaction;
import io.siyu.core.internal.Scopes;
import io.siyu.core.internal.segment.CustomerMatcher;
import io.siyu.store.NewEvent;
import io.siyu.store.SopRepository;
import io.siyu.store.Store;
import io.siyu.store.StoredSop;
import io.siyu.store.StoredSopInstance;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * SOPs (core-api {@link SopService}): definitions and their versions, instances, and the engine
 * that runs them on this node ({@link SopEngine}, {@link SopTriggers}). Several nodes may run it
 * over one PostgreSQL database; they share instances through leases.
 */
@Component(service = {SopService.class, EventReaction.class}, immediate = true, configurationPid = "io.siyu.sop")
@Designate(ocd = SopServiceImpl.Config.class)
public final class SopServiceImpl implements SopService, EventReaction {
    private static final Logger LOG = Logger.getLogger(SopServiceImpl.class.getName());
    static final int MAX_NAME = 200;
    static final int MAX_DEFINITION = 32_000;

    @ObjectClassDefinition(name = "Siyu SOP engine", description = "Runs SOP instances on this node")
    public @interface Config {
        @AttributeDefinition(description = "Engine threads on this node, each claiming its own batches")
        int workers() default 2;

        @AttributeDefinition(description = "Instances claimed per round")
        int batchSize() default 200;

        @AttributeDefinition(description = "How often an idle engine looks for due instances (ms)")
        long pollMillis() default 200;

        @AttributeDefinition(description = "How long a node holds an instance before others may take it over (s)")
        long leaseSeconds() default 60;

        @AttributeDefinition(description = "The brand's time zone, for customers without a timeZone attribute")
        String brandZone() default "Asia/Shanghai";

        @AttributeDefinition(description = "The customer attribute holding their time zone (IANA id)")
        String zoneAttribute() default "timeZone";

        @AttributeDefinition(description = "How far behind the timeline sweep stays, so transactions have committed (s)")
        long sweepLagSeconds() default 30;

        @AttributeDefinition(description = "How often date-attribute SOPs look for customers whose date came (min)")
        long dateScanMinutes() default 15;

        @AttributeDefinition(description = "Webhook calls per step before the instance fails")
        int webhookAttempts() default 5;

        @AttributeDefinition(description = "First webhook retry after this many seconds, doubling each time")
        long webhookBackoffSeconds() default 30;

        @AttributeDefinition(description = "When no touch policy runs, sends wait this long before asking again (s)")
        long policyRetrySeconds() default 60;

        @AttributeDefinition(description = "Who gets SOP tasks for customers without an ownerStaff")
        String fallbackAssignee() default "unassigned";
    }

    /** The settings of one engine; tests build their own. */
    record Options(int batchSize, Duration lease, ZoneId brandZone, String zoneAttribute, Duration sweepLag,
            Duration dateScan, int webhookAttempts, Duration webhookBackoff, Duration policyRetry,
            String fallbackAssignee, Duration webhookTimeout) {
        static Options of(Config c) {
            return new Options(c.batchSize(), Duration.ofSeconds(c.leaseSeconds()), ZoneId.of(c.brandZone()),
                    c.zoneAttribute(), Duration.ofSeconds(c.sweepLagSeconds()), Duration.ofMinutes(c.dateScanMinutes()),
                    c.webhookAttempts(), Duration.ofSeconds(c.webhookBackoffSeconds()),
                    Duration.ofSeconds(c.policyRetrySeconds()), c.fallbackAssignee(), Duration.ofSeconds(10));
        }

        static Options defaults() {
            return new Options(200, Duration.ofSeconds(60), ZoneId.of("Asia/Shanghai"), "timeZone",
                    Duration.ofSeconds(30), Duration.ofMinutes(15), 5, Duration.ofSeconds(30), Duration.ofSeconds(60),
                    "unassigned", Duration.ofSeconds(10));
        }
    }

    private final Store store;
    private final io.siyu.core.internal.org.DataScopes scopes;
    /** Review before use where an active edition asks for it (the bank); without it none. */
    @org.osgi.service.component.annotations.Reference(policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    volatile io.siyu.core.internal.content.OutboundReview review = io.siyu.core.internal.content.OutboundReview.NONE;
    /** Who may define and run SOPs: {@code sop.manage}, whatever the scope (a branch runs its own). */
    private io.siyu.core.internal.org.Authority authority;
    private final SopRepository repository;
    private final SegmentService segments;
    private final TagService tags;
    private final Clock clock;
    private final Definitions definitions;
    private final SopEngine engine;
    private final SopTriggers triggers;
    private volatile TouchPolicy policy;
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();
    private long pollMillis = 200;

    @Activate
    public SopServiceImpl(@Reference Store store, @Reference CustomerService customers, @Reference TagService tags,
            @Reference SegmentService segments, @Reference Outbox outbox, @Reference StaffTaskService tasks,
            @Reference ChannelRegistry channels, @Reference io.siyu.core.internal.org.Authority authority, Config config) {
        this(store, customers, tags, segments, outbox, tasks, channels, null, Clock.systemUTC(), nodeName(),
                Options.of(config));
        this.authority = authority;
        pollMillis = Math.max(10, config.pollMillis());
        start(Math.max(1, config.workers()));
    }

    /** For tests: no background threads; drive it with {@link #tick()}. */
    SopServiceImpl(Store store, CustomerService customers, TagService tags, SegmentService segments, Outbox outbox,
            StaffTaskService tasks, ChannelRegistry channels, TouchPolicy policy, Clock clock, String owner,
            Options options) {
        this.store = store;
        this.scopes = new io.siyu.core.internal.org.DataScopes(store);
        this.authority = io.siyu.core.internal.org.Authority.of(store, java.util.List::of);
        this.repository = store.sops();
        this.segments = segments;
        this.tags = tags;
        this.clock = clock;
        this.policy = policy;
        this.definitions = new Definitions(repository);
        CustomerMatcher matcher = segments instanceof CustomerMatcher m ? m : (id, condition) -> {
            throw new IllegalStateException("the segment service cannot match one customer");
        };
        SopActions actions = new SopActions(customers, tags, outbox, () -> this.policy, tasks, new Recipients(channels),
                new Webhooks(Duration.ofSeconds(5), options.webhookTimeout()),
                new SopActions.Settings(options.policyRetry(), options.webhookAttempts(), options.webhookBackoff(),
                        options.fallbackAssignee()), clock);
        this.engine = new SopEngine(repository, definitions, actions, matcher, customers, clock, owner,
                new SopEngine.Settings(options.lease(), options.batchSize(), options.brandZone(), options.zoneAttribute()));
        this.triggers = new SopTriggers(repository, store.settings(), definitions, segments, clock,
                new SopTriggers.Settings(Duration.ofSeconds(2), options.sweepLag(), options.dateScan(),
                        options.brandZone(), options.zoneAttribute()));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindPolicy(TouchPolicy p) {
        policy = p;
    }

    void unbindPolicy(TouchPolicy p) {
        if (policy == p) {
            policy = null;
        }
    }

    private void start(int workers) {
        running = true;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::workLoop, "siyu-sop-engine-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        Thread t = new Thread(this::triggerLoop, "siyu-sop-triggers");
        t.setDaemon(true);
        threads.add(t);
        threads.forEach(Thread::start);
    }

    @Deactivate
    void stop() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void workLoop() {
        while (running) {
            try {
                if (engine.runOnce() == 0) {
                    Thread.sleep(pollMillis);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SOP engine round failed; trying again shortly", e);
                sleepQuietly(1000);
            }
        }
    }

    private void triggerLoop() {
        while (running) {
            try {
                runTriggers();
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "SOP triggers failed; trying again shortly", e);
                sleepQuietly(5000);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void runTriggers() {
        triggers.fireSchedules();
        triggers.scanDates();
        triggers.sweep();
    }

    /**
     * Test hook: the triggers once, then engine rounds until nothing is due.
     *
     * @return instances processed
     */
    int tick() {
        runTriggers();
        return drain();
    }

    /** Test hook: engine rounds until nothing is due (triggers not run). */
    int drain() {
        int total = 0;
        for (int round = 0; round < 10_000; round++) {
            int n = engine.runOnce();
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    SopEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ EventReaction

    @Override
    public void eventsStored(List<NewEvent> events) {
        List<SopTriggers.Seen> seen = new ArrayList<>(events.size());
        Instant now = clock.instant();
        for (NewEvent e : events) {
            if (!triggers.wants(e.type())) {
                continue; // most events start nothing: no look-up for them
            }
            Optional<Long> customer = e.customerId() != null ? store.identities().resolve(e.customerId())
                    : store.customers().findIdByIdentity(e.identity());
            customer.ifPresent(id -> seen.add(new SopTriggers.Seen(e.id(), id, e.type(),
                    SopTriggers.properties(e.propertiesJson()), now)));
        }
        if (!seen.isEmpty()) {
            triggers.seen(seen, false);
        }
    }

    // ------------------------------------------------------------------ definitions

    @Override
    public SopDefinition define(Caller caller, SopDraft draft) {
        authority.require(caller, io.siyu.api.org.Permission.SOP_MANAGE);
        String json = check(draft);
        shaped(draft.steps());
        // a new SOP is a draft: its texts may still be in review; activation asks for the approval
        String[] trigger = Definitions.triggerKey(draft.trigger());
        StoredSop s = repository.define(draft.name(), trigger[0], trigger[1], json, clock.instant(), caller.username());
        triggers.invalidate();
        return Definitions.toApi(s, draft);
    }

    @Override
    public SopDefinition revise(Caller caller, long sopId, SopDraft draft) {
        authority.require(caller, io.siyu.api.org.Permission.SOP_MANAGE);
        StoredSop current = stored(sopId);
        if (current.state() == SopState.STOPPED) {
            throw new ConflictException("SOP " + sopId + " is stopped for good; define a new one");
        }
        String json = check(draft);
        shaped(draft.steps());
        if (current.state() != SopState.DRAFT) {
            reviewed(caller, draft.steps()); // a running SOP sends the new version at once
        }
        String[] trigger = Definitions.triggerKey(draft.trigger());
        Instant next = current.state() == SopState.DRAFT ? null : nextFire(draft.trigger(), clock.instant());
        StoredSop s = repository.revise(sopId, draft.name(), trigger[0], trigger[1], json, next, clock.instant(),
                caller.username()).orElseThrow(() -> new NotFoundException("SOP", sopId));
        triggers.invalidate();
        return Definitions.toApi(s, draft);
    }

    /** Checks what the records cannot: the cron, the segment, the tags, and the size; returns the JSON. */
    private String check(SopDraft draft) {
        if (draft == null) {
            throw new ValidationException(FieldError.of("body", "send an SOP as JSON"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (draft.name().length() > MAX_NAME) {
            errors.add(FieldError.of("name", "must be at most " + MAX_NAME + " characters"));
        }
        if (draft.trigger() instanceof SopTrigger.Schedule s) {
            try {
                Cron c = Cron.parse(s.cron());
                if (c.next(clock.instant(), s.zone()) == null) {
                    errors.add(FieldError.of("trigger.cron", "never fires"));
                }
            } catch (ValidationException e) {
                e.errors().forEach(fe -> errors.add(FieldError.of("trigger." + fe.field(), fe.message())));
            }
        }
        if (draft.trigger() instanceof SopTrigger.SegmentEntered s) {
            try {
                segments.get(Caller.SYSTEM, s.segmentId());
            } catch (NotFoundException e) {
                errors.add(FieldError.of("trigger.segmentId", "no segment " + s.segmentId()));
            }
        }
        Set<Long> knownTags = null;
        for (SopStep step : new StepTree(draft.steps()).all()) {
            if (step instanceof SopStep.Perform p && p.action() instanceof SopAction.ChangeTags t) {
                if (knownTags == null) {
                    knownTags = new HashSet<>();
                    for (Tag tag : tags.list()) {
                        knownTags.add(tag.id());
                    }
                }
                Set<Long> unknown = new HashSet<>(t.add());
                unknown.addAll(t.remove());
                unknown.removeAll(knownTags);
                if (!unknown.isEmpty()) {
                    errors.add(FieldError.of("steps." + p.id() + ".action", "no tags " + unknown));
                }
            }
        }
        String json = Definitions.write(draft);
        if (json.length() > MAX_DEFINITION) {
            errors.add(FieldError.of("steps", "the SOP is " + json.length() + " characters as JSON; at most "
                    + MAX_DEFINITION));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return json;
    }

    /** When an active SOP's trigger next needs attention: its next firing, or a date scan at once. */
    private static Instant nextFire(SopTrigger trigger, Instant now) {
        if (trigger instanceof SopTrigger.Schedule s) {
            return Cron.parse(s.cron()).next(now, s.zone());
        }
        return trigger instanceof SopTrigger.DateAttribute ? now : null;
    }

    @Override
    public SopDefinition get(Caller caller, long sopId) {
        StoredSop s = stored(sopId);
        return Definitions.toApi(s, definitions.parse(s).draft());
    }

    @Override
    public SopDefinition get(Caller caller, long sopId, int version) {
        StoredSop s = repository.find(sopId, version)
                .orElseThrow(() -> new NotFoundException("SOP version", sopId + "/" + version));
        return Definitions.toApi(s, definitions.parse(s).draft());
    }

    @Override
    public List<SopDefinition> list(Caller caller) {
        return repository.list().stream().map(s -> Definitions.toApi(s, definitions.parse(s).draft())).toList();
    }

    @Override
    public SopDefinition activate(Caller caller, long sopId) {
        return change(caller, sopId, EnumSet.of(SopState.DRAFT, SopState.PAUSED), SopState.ACTIVE);
    }

    @Override
    public SopDefinition pause(Caller caller, long sopId) {
        return change(caller, sopId, EnumSet.of(SopState.ACTIVE), SopState.PAUSED);
    }

    @Override
    public SopDefinition stop(Caller caller, long sopId) {
        return change(caller, sopId, EnumSet.of(SopState.DRAFT, SopState.ACTIVE, SopState.PAUSED), SopState.STOPPED);
    }

    private SopDefinition change(Caller caller, long sopId, Set<SopState> from, SopState to) {
        authority.require(caller, io.siyu.api.org.Permission.SOP_MANAGE);
        StoredSop before = stored(sopId);
        if (before.state() == to) {
            return Definitions.toApi(before, definitions.parse(before).draft()); // already there: nothing to do
        }
        if (!from.contains(before.state())) {
            throw new ConflictException("SOP " + sopId + " is " + before.state().name().toLowerCase() + "; it cannot be "
                    + (to == SopState.ACTIVE ? "activated" : to == SopState.PAUSED ? "paused" : "stopped"));
        }
        Definitions.Version v = definitions.parse(before);
        if (to == SopState.ACTIVE) {
            reviewed(caller, v.draft().steps());
        }
        Instant next = to == SopState.ACTIVE ? nextFire(v.draft().trigger(), clock.instant()) : null;
        StoredSop after = repository.changeState(sopId, from, to, next, clock.instant())
                .orElseThrow(() -> new NotFoundException("SOP", sopId));
        if (after.state() != to) {
            throw new ConflictException("SOP " + sopId + " changed meanwhile; it is " + after.state().name().toLowerCase());
        }
        triggers.invalidate();
        return Definitions.toApi(after, v.draft());
    }

    private StoredSop stored(long sopId) {
        return repository.find(sopId).orElseThrow(() -> new NotFoundException("SOP", sopId));
    }

    // ------------------------------------------------------------------ instances

    @Override
    public Page<SopInstance> instances(Caller caller, long sopId, SopInstanceState state, PageRequest page) {
        Scopes.requireAll(caller);
        stored(sopId);
        List<SopInstance> items = repository.instances(sopId, state, page.offset(), page.limit()).stream()
                .map(SopServiceImpl::toApi).toList();
        return new Page<>(items, repository.countInstances(sopId, state), page.offset(), page.limit());
    }

    @Override
    public Page<SopInstance> history(Caller caller, long customerId, PageRequest page) {
        long live = store.identities().resolve(customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
        scopes.requireCustomer(caller, live);
        List<SopInstance> items = repository.ofCustomer(live, page.offset(), page.limit()).stream()
                .map(SopServiceImpl::toApi).toList();
        return new Page<>(items, repository.countOfCustomer(live), page.offset(), page.limit());
    }

    /**
     * Every message an SOP sends passes review before use where an edition asks for it, like a mass
     * send: when it is activated, and when a running one is revised.
     */
    private void reviewed(Caller caller, List<io.siyu.api.sop.SopStep> steps) {
        for (SopSend send : SopSend.of(steps)) {
            review.requireReviewed(caller, send.channelType(), send.channelAccount(), send.content(), send.path());
        }
    }

    /** SMS steps name a library template by id, whether or not it is approved yet. */
    private static void shaped(List<io.siyu.api.sop.SopStep> steps) {
        for (SopSend send : SopSend.of(steps)) {
            io.siyu.core.internal.content.SmsTemplates.requireShape(send.channelType(), send.content(), send.path());
        }
    }

    /** A customer's instance is as visible as the customer; group and schedule runs belong to head office. */
    private void requireInstanceInScope(Caller caller, long instanceId) {
        if (caller.scope() == io.siyu.api.org.DataScope.ALL) {
            return;
        }
        Long customer = storedInstance(instanceId).customerId();
        if (customer == null || !scopes.sees(caller, customer)) {
            throw new NotFoundException("SOP instance", instanceId);
        }
    }

    @Override
    public SopInstance instance(Caller caller, long instanceId) {
        requireInstanceInScope(caller, instanceId);
        return toApi(storedInstance(instanceId));
    }

    @Override
    public List<SopStepRun> steps(Caller caller, long instanceId) {
        requireInstanceInScope(caller, instanceId);
        storedInstance(instanceId);
        return repository.runs(instanceId);
    }

    @Override
    public SopInstance pauseInstance(Caller caller, long instanceId) {
        requireInstanceInScope(caller, instanceId);
        StoredSopInstance after = repository.pause(instanceId, clock.instant())
                .orElseThrow(() -> new NotFoundException("SOP instance", instanceId));
        if (after.state() != SopInstanceState.PAUSED) {
            throw new ConflictException("SOP instance " + instanceId + " is " + lower(after.state())
                    + "; only running or waiting instances can be paused");
        }
        return toApi(after);
    }

    @Override
    public SopInstance resumeInstance(Caller caller, long instanceId) {
        requireInstanceInScope(caller, instanceId);
        StoredSopInstance before = storedInstance(instanceId);
        SopState sop = stored(before.sopId()).state();
        if (sop != SopState.ACTIVE) {
            throw new ConflictException("SOP " + before.sopId() + " is " + sop.name().toLowerCase()
                    + "; activate it to resume its instances");
        }
        StoredSopInstance after = repository.resume(instanceId, clock.instant())
                .orElseThrow(() -> new NotFoundException("SOP instance", instanceId));
        if (before.state() != SopInstanceState.PAUSED) {
            throw new ConflictException("SOP instance " + instanceId + " is " + lower(after.state()) + ", not paused");
        }
        return toApi(after);
    }

    @Override
    public SopInstance stopInstance(Caller caller, long instanceId) {
        requireInstanceInScope(caller, instanceId);
        StoredSopInstance before = storedInstance(instanceId);
        if (before.state().isFinal()) {
            throw new ConflictException("SOP instance " + instanceId + " is already " + lower(before.state()));
        }
        return toApi(repository.stop(instanceId, clock.instant())
                .orElseThrow(() -> new NotFoundException("SOP instance", instanceId)));
    }

    private StoredSopInstance storedInstance(long id) {
        return repository.instance(id).orElseThrow(() -> new NotFoundException("SOP instance", id));
    }

    static SopInstance toApi(StoredSopInstance s) {
        return new SopInstance(s.id(), s.sopId(), s.sopVersion(), s.customerId(), s.state(), s.stepId(),
                s.state() == SopInstanceState.WAITING ? s.wakeAt() : null, s.startedAt(), s.updatedAt(),
                s.state() == SopInstanceState.FAILED ? (s.error() == null ? "failed" : s.error()) : null);
    }

    private static String lower(SopInstanceState s) {
        return s.name().toLowerCase();
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "node";
        }
        String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() > 64 ? name.substring(name.length() - 64) : name;
    }
}
