package io.siyu.core.internal.sop;

import io.siyu.api.PageRequest;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.policy.PolicyDecision;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.policy.TouchRequest;
import io.siyu.api.sop.SopCodec;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopDraft;
import io.siyu.core.internal.CoreFixture;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.outbox.OutboxService;
import io.siyu.core.internal.task.StaffTaskServiceImpl;
import io.siyu.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Real services over one store and one clock, and SOP engines over them: a test can start a second
 * engine (another node, or the same node after a crash) on the same store.
 */
final class SopFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
    static final Caller ADMIN = new Caller("admin", Set.of("siyu-admin"), null, DataScope.ALL);

    /** A touch policy the test scripts; it allows everything until told otherwise. */
    static final class ScriptedPolicy implements TouchPolicy {
        final List<TouchRequest> asked = new CopyOnWriteArrayList<>();
        volatile Function<TouchRequest, PolicyDecision> answer = r -> PolicyDecision.ALLOWED;

        @Override
        public PolicyDecision check(Caller caller, TouchRequest request) {
            asked.add(request);
            return answer.apply(request);
        }

        @Override
        public io.siyu.api.policy.MomentCheck checkMoment(Caller caller, io.siyu.api.policy.MomentRequest request) {
            return new io.siyu.api.policy.MomentCheck(PolicyDecision.ALLOWED, List.of(), 0, 0); // SOPs post no moments
        }

        @Override
        public io.siyu.api.policy.PolicySettings settings() {
            return io.siyu.api.policy.PolicySettings.DEFAULTS;
        }

        @Override
        public io.siyu.api.policy.PolicySettings updateSettings(Caller caller, io.siyu.api.policy.PolicySettings s) {
            return s;
        }
    }

    static final ChannelRegistry NO_CHANNELS = new ChannelRegistry() {
        @Override
        public List<ChannelDescriptor> channels() {
            return List.of();
        }

        @Override
        public Optional<ChannelAdapter> adapter(String type, String account) {
            return Optional.empty();
        }
    };

    final TestStores stores;
    final MutableClock clock = new MutableClock(NOW);
    final CoreFixture core;
    final OutboxService outbox;
    final StaffTaskServiceImpl tasks;
    final ScriptedPolicy policy = new ScriptedPolicy();
    SopServiceImpl sops;

    SopFixture(TestStores stores) {
        this(stores, UnaryOperator.identity());
    }

    /** @param storeView what the first engine sees of the store (tests wrap it to make the engine "crash") */
    SopFixture(TestStores stores, UnaryOperator<Store> storeView) {
        this.stores = stores;
        this.core = new CoreFixture(stores, clock);
        this.outbox = new OutboxService(stores.store, NO_CHANNELS, clock, 60, 12);
        this.tasks = new StaffTaskServiceImpl(stores.store, core.events, clock);
        this.sops = engine("node-a", storeView.apply(stores.store), tasks, options());
        core.addReaction(sops);
    }

    static SopServiceImpl.Options options() {
        return new SopServiceImpl.Options(200, Duration.ofSeconds(60), java.time.ZoneId.of("Asia/Shanghai"),
                "timeZone", Duration.ofSeconds(30), Duration.ofMinutes(15), 3, Duration.ofSeconds(30),
                Duration.ofSeconds(60), "unassigned", Duration.ofSeconds(5));
    }

    /** Another engine (node) on the same database. */
    SopServiceImpl engine(String owner, Store store, StaffTaskService taskService, SopServiceImpl.Options options) {
        return new SopServiceImpl(store, core.customers, core.tags, core.segments, outbox, taskService, NO_CHANNELS,
                policy, clock, owner, options);
    }

    /** An engine that asks this touch policy instead of the scripted one (the real policy, in tests of its rules). */
    SopServiceImpl withPolicy(TouchPolicy touchPolicy) {
        SopServiceImpl engine = new SopServiceImpl(stores.store, core.customers, core.tags, core.segments, outbox, tasks,
                NO_CHANNELS, touchPolicy, clock, "node-p", options());
        core.addReaction(engine);
        sops = engine;
        return engine;
    }

    /** The first engine died: a new one takes over on the same store, as another node or after a restart. */
    SopServiceImpl restart(String owner) {
        SopServiceImpl fresh = engine(owner, stores.store, tasks, options());
        core.addReaction(fresh);
        sops = fresh;
        return fresh;
    }

    SopDefinition define(String json) throws Exception {
        SopDraft draft = SopCodec.fromTree(Definitions.JSON.readValue(json, Object.class));
        return sops.define(ADMIN, draft);
    }

    SopDefinition defineActive(String json) throws Exception {
        SopDefinition d = define(json);
        return sops.activate(ADMIN, d.id());
    }

    Customer customer(String name, String externalUserId, Map<String, Object> attributes) {
        List<ChannelIdentity> ids = externalUserId == null ? List.of()
                : List.of(ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp1", externalUserId));
        return core.customers.create(Caller.SYSTEM, new CustomerDraft(name, ids, Set.of(), attributes));
    }

    List<OutboxEntry> messages() {
        return outbox.list(new OutboxQuery(null, Set.of()), new PageRequest(0, 1000)).items();
    }

    List<StaffTask> tasks() {
        return tasks.tasksOf(Caller.SYSTEM, null, null, new PageRequest(0, 1000)).items();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    public void close() {
        stores.close();
    }
}
