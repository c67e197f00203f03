package io.siyu.core.internal.masssend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendDraft;
import io.siyu.api.masssend.MassSendPlan;
import io.siyu.api.masssend.MassSendProgress;
import io.siyu.api.masssend.MassSendState;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.core.internal.ConsentServiceImpl;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.outbox.OutboxService;
import io.siyu.core.internal.policy.TouchEvaluation;
import io.siyu.core.internal.policy.TouchPolicyImpl;
import io.siyu.core.internal.segment.SegmentServiceImpl;
import io.siyu.store.NewOutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Plans, accepts, follows and cancels mass sends against the real policy, segments and outbox. */
class MassSendServiceTest {
    /** 10:00 in Shanghai. */
    static final Instant MORNING = Instant.parse("2026-11-23T02:00:00Z");
    static final String CORP = "wwcorp";

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** WeCom as the planner sees it: external_userid of one corp, 1 mass message a day; records what it sends. */
    static final class WeCom implements ChannelAdapter {
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

        @Override
        public ChannelDescriptor descriptor() {
            return new ChannelDescriptor("wecom", "main", null, Set.of(ChannelCapability.MASS_MESSAGE),
                    new ChannelLimits(10_000, 1, Duration.ofDays(1), 0));
        }

        @Override
        public SendResult send(OutboundMessage message) {
            sent.add(message);
            return SendResult.Accepted.of("p-" + message.idempotencyKey());
        }

        @Override
        public ChannelHealth health() {
            return ChannelHealth.up(Duration.ZERO);
        }

        @Override
        public Optional<RecipientScope> recipientScope() {
            return Optional.of(new RecipientScope(IdentityType.WECOM_EXTERNAL_USERID, CORP));
        }
    }

    static final class Fixture implements AutoCloseable {
        final TestStores stores;
        final MutableClock clock = new MutableClock(MORNING);
        final WeCom wecom = new WeCom();
        final ChannelRegistry registry = new ChannelRegistry() {
            @Override
            public List<ChannelDescriptor> channels() {
                return List.of(wecom.descriptor());
            }

            @Override
            public Optional<ChannelAdapter> adapter(String type, String account) {
                return type.equals("wecom") && account.equals("main") ? Optional.of(wecom) : Optional.empty();
            }
        };
        final TouchPolicyImpl policy;
        final SegmentServiceImpl segments;
        final OutboxService outbox;
        final MassSendServiceImpl sends;
        final long vip;

        Fixture(TestStores stores) {
            this.stores = stores;
            policy = new TouchPolicyImpl(stores.store, registry, clock);
            segments = new SegmentServiceImpl(stores.store, TestStores.attributeSchema(stores.store), clock, false);
            outbox = new OutboxService(stores.store, registry, clock, 60, 12);
            sends = MassSendServiceImpl.withCoreRoles(stores.store, policy, segments, outbox, clock);
            vip = stores.store.tags().insert(new TagDraft("level", "vip", null), MORNING).id();
        }

        long customer(String name, String owner, String externalUserId) {
            List<ChannelIdentity> ids = externalUserId == null ? List.of()
                    : List.of(ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, externalUserId));
            return stores.store.customers().insert(new CustomerDraft(name, ids, Set.of(vip),
                    owner == null ? Map.of() : Map.of("ownerStaff", owner)), MORNING).id();
        }

        long vipSegment() {
            return segments.define(Caller.SYSTEM, new SegmentDraft("VIP", null,
                    Condition.tags(Condition.TagMatch.ANY, vip))).id();
        }

        MassSend draft(String text) {
            return sends.create(Caller.SYSTEM, new MassSendDraft("双十二预热", Audience.segment(vipSegment()), "wecom",
                    "main", MessageKind.MASS, new MessageContent.Text(text, List.of()), null));
        }

        @Override
        public void close() {
            stores.close();
        }
    }

    static Map<String, Long> blocked(MassSendPlan plan) {
        return plan.blocked().stream().collect(Collectors.toMap(MassSendPlan.Blocked::ruleId, MassSendPlan.Blocked::count));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void thePlanSaysWhoIsEligiblePerStaffAndWhoIsBlockedByWhichRuleUntilWhen(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            for (int i = 0; i < 5; i++) {
                f.customer("张" + i, "zhangsan", "wz" + i);
            }
            for (int i = 0; i < 3; i++) {
                f.customer("李" + i, "lisi", "wl" + i);
            }
            f.customer("无主", null, "wn0");
            f.customer("无企微", "lisi", null);
            long out = f.customer("退订", "lisi", "wo0");
            new ConsentServiceImpl(f.stores.store).record(Caller.SYSTEM, new Consent(out, "wecom",
                    ConsentState.OPTED_OUT, MORNING, "test"));
            f.stores.store.outbox().insert(new NewOutboxMessage("earlier", "wecom", "main", MessageKind.MASS, "{}", "h",
                    List.of(ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, "wz0")),
                    MORNING.minus(Duration.ofHours(1)), MORNING));

            long id = f.draft("新品到店").id();
            MassSendPlan plan = f.sends.plan(Caller.SYSTEM, id);
            // a million customers are planned from the segment index's memory, not by id: same answer
            f.policy.bindBitmaps(f.segments);
            f.policy.filterLimit(0);
            MassSendPlan fromMemory = f.sends.plan(Caller.SYSTEM, id);
            assertEquals(plan.blocked(), fromMemory.blocked());
            assertEquals(plan.perStaff(), fromMemory.perStaff());
            assertEquals(11, plan.audience());
            assertEquals(7, plan.eligible());
            assertEquals(Map.of(TouchPolicy.RULE_CONSENT, 1L, TouchPolicy.RULE_NO_IDENTITY, 1L,
                    TouchPolicy.RULE_CHANNEL_QUOTA, 1L, MassSendServiceImpl.RULE_NO_SENDER, 1L), blocked(plan));
            MassSendPlan.Blocked quota = plan.blocked().stream()
                    .filter(b -> b.ruleId().equals(TouchPolicy.RULE_CHANNEL_QUOTA)).findFirst().orElseThrow();
            assertEquals(Instant.parse("2026-11-24T00:00:00Z"), quota.allowedFrom(), "08:00 tomorrow in Shanghai");
            assertEquals(List.of(new MassSendPlan.StaffShare("lisi", 3), new MassSendPlan.StaffShare("zhangsan", 4)),
                    plan.perStaff());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anAcceptedPlanGoesOutPerStaffAndItsBlockedPartFollowsWhenAllowed(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            for (int i = 0; i < 4; i++) {
                f.customer("张" + i, "zhangsan", "wz" + i);
            }
            f.customer("李", "lisi", "wl0");
            f.outbox.enqueue(new OutboundMessage("earlier", "wecom", "main", MessageKind.MASS,
                    List.of(ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, "wz0")), null,
                    new MessageContent.Text("早安", List.of()), null, "zhangsan", null), MORNING.minus(Duration.ofHours(1)));
            MassSend draft = f.draft("{name}，双十二会员日见");
            assertEquals(List.of("张1，双十二会员日见", "张2，双十二会员日见", "张3，双十二会员日见"),
                    f.sends.plan(Caller.SYSTEM, draft.id()).preview(), "the first three eligible customers");

            io.siyu.core.internal.task.StaffTaskServiceImpl tasks = new io.siyu.core.internal.task.StaffTaskServiceImpl(
                    f.stores.store, new io.siyu.core.internal.CoreFixture(f.stores, f.clock).events, f.clock);
            f.sends.bindTasks(tasks);
            MassSend accepted = f.sends.accept(Caller.SYSTEM, draft.id(), true);
            // WeCom mass messages wait for their sender's confirmation: one task per sending staff member
            List<io.siyu.api.org.StaffTask> confirm = tasks.tasksOf(Caller.SYSTEM, null, null,
                    io.siyu.api.PageRequest.first(10)).items();
            assertEquals(Set.of("zhangsan", "lisi"), confirm.stream().map(io.siyu.api.org.StaffTask::assigneeStaffId)
                    .collect(Collectors.toSet()));
            assertTrue(confirm.stream().allMatch(t -> t.kind() == io.siyu.api.org.StaffTask.Kind.CONFIRM_MASS_MESSAGE
                    && ("masssend:" + draft.id()).equals(t.sourceRef())));
            assertEquals(MassSendState.QUEUED, accepted.state());
            assertEquals(4, accepted.acceptedPlan().eligible());
            assertThrows(ConflictException.class, () -> f.sends.accept(Caller.SYSTEM, draft.id(), true));
            MassSendProgress queued = f.sends.progress(Caller.SYSTEM, draft.id());
            assertEquals(4, queued.queued());
            assertEquals(4, queued.messages(), "personalised: one message per customer");

            while (f.outbox.dispatchNow() > 0) {
                // drain
            }
            assertEquals(4, f.sends.progress(Caller.SYSTEM, draft.id()).sent());
            assertEquals(Set.of("zhangsan", "lisi"), f.wecom.sent.stream().map(OutboundMessage::senderStaffId)
                    .collect(Collectors.toSet()));
            f.wecom.sent.remove(0); // the earlier message
            assertTrue(f.wecom.sent.stream().allMatch(m -> ((MessageContent.Text) m.content()).text().endsWith("会员日见")
                    && !((MessageContent.Text) m.content()).text().contains("{name}")));

            // the quota-blocked customer gets a follow-up at 08:00 tomorrow, nobody else gets a second copy
            MassSend followUp = f.sends.list(Caller.SYSTEM, io.siyu.api.PageRequest.first(10)).items().stream()
                    .filter(m -> m.followUpOf() != null).findFirst().orElseThrow();
            assertEquals(draft.id(), followUp.followUpOf());
            assertEquals(Instant.parse("2026-11-24T00:00:00Z"), followUp.scheduledAt());
            f.sends.acceptDueFollowUps();
            assertEquals(MassSendState.DRAFT, f.sends.get(Caller.SYSTEM, followUp.id()).state(), "not due yet");
            f.clock.advance(Duration.ofHours(22));
            f.sends.acceptDueFollowUps();
            MassSend done = f.sends.get(Caller.SYSTEM, followUp.id());
            assertEquals(MassSendState.QUEUED, done.state());
            assertEquals(1, done.acceptedPlan().eligible());
            assertEquals(4, blocked(done.acceptedPlan()).get(TouchEvaluation.RULE_EXCLUDED));
            while (f.outbox.dispatchNow() > 0) {
                // drain
            }
            assertEquals(5, f.wecom.sent.size());
            assertEquals("wz0", f.wecom.sent.get(4).recipients().get(0).value());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void badDraftsNameTheirFieldsAndCancellingTakesBackWhatHasNotGoneOut(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            ValidationException bad = assertThrows(ValidationException.class, () -> f.sends.create(Caller.SYSTEM,
                    new MassSendDraft(" ", Audience.segment(999), "sms", "none", MessageKind.MASS,
                            new MessageContent.Template("t1", Map.of(), null, null), null)));
            assertEquals(List.of("name", "audience.segmentId", "content", "channel"),
                    bad.errors().stream().map(FieldError::field).toList());

            for (int i = 0; i < 3; i++) {
                f.customer("张" + i, "zhangsan", "wz" + i);
            }
            MassSend later = f.sends.create(Caller.SYSTEM, new MassSendDraft("周末", Audience.segment(f.vipSegment()),
                    "wecom", "main", MessageKind.MASS, new MessageContent.Text("周末见", List.of()),
                    MORNING.plus(Duration.ofDays(2))));
            f.sends.accept(Caller.SYSTEM, later.id(), false);
            assertEquals(0, f.outbox.dispatchNow(), "scheduled for the weekend");
            MassSend cancelled = f.sends.cancel(Caller.SYSTEM, later.id());
            assertEquals(MassSendState.CANCELLED, cancelled.state());
            MassSendProgress p = f.sends.progress(Caller.SYSTEM, later.id());
            assertEquals(3, p.cancelled());
            assertEquals(0, p.queued());
            assertNull(f.sends.get(Caller.SYSTEM, later.id()).followUpOf());
            List<String> none = new ArrayList<>();
            f.wecom.sent.forEach(m -> none.add(m.idempotencyKey()));
            assertEquals(List.of(), none);
        }
    }
}
