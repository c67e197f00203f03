package io.siyu.core.internal.sop;

import static io.siyu.core.internal.sop.SopFixture.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.org.StaffTask;
import io.siyu.api.policy.PolicyDecision;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopInstance;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopState;
import io.siyu.api.sop.SopStepRun;
import io.siyu.core.internal.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SOP engine over a real store with the real services, on Derby and PostgreSQL, with a hand-moved clock. */
class SopEngineTest {
    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    static final String WELCOME = """
            {"name": "Welcome from store A",
             "trigger": {"type": "event", "eventType": "contact.added", "filters": {"channelCode": "store-a"}},
             "steps": [
               {"id": "settle", "type": "wait", "duration": "PT5M"},
               {"id": "hello", "type": "perform", "action": {"type": "sendMessage", "channel": "wecom/main",
                  "kind": "direct", "text": "Hi {name}, welcome!", "scenario": "customer_initiated"}},
               {"id": "a-day", "type": "wait", "duration": "P1D"},
               {"id": "vip", "type": "branch", "condition": {"type": "tags", "match": "ANY", "tagIds": [%d]},
                "then": [{"id": "call-vip", "type": "perform", "action": {"type": "createTask", "kind": "call",
                          "title": "Call our new VIP", "script": "Thank them", "dueIn": "PT4H", "priority": "high"}}],
                "otherwise": [{"id": "follow-up", "type": "perform", "action": {"type": "createTask",
                          "kind": "follow_up", "title": "Follow up", "dueIn": "P1D"}}]}
             ]}
            """;

    static EventDraft contactAdded(String id, long customerId, String code) {
        return new EventDraft(id, EventTypes.CONTACT_ADDED, SopFixture.NOW, "wecom/main", customerId, null,
                Map.of(EventTypes.CHANNEL_CODE, code, EventTypes.STAFF_ID, "zhangsan"), List.of());
    }

    static List<SopInstance> instances(SopFixture f, long sopId) {
        return f.sops.instances(ADMIN, sopId, null, new PageRequest(0, 100)).items();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anEventStartsTheWelcomeSopWhichWaitsSendsWaitsBranchesAndMakesATask(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            Tag vip = f.core.tags.create(new TagDraft("level", "VIP", null));
            SopDefinition sop = f.defineActive(WELCOME.formatted(vip.id()));
            Customer lin = f.customer("Lin", "wm-lin", Map.of("ownerStaff", "zhangsan"));
            Customer other = f.customer("Other", "wm-other", Map.of());

            f.core.events.ingest(Caller.SYSTEM, List.of(contactAdded("e1", lin.id(), "store-a"),
                    contactAdded("e2", other.id(), "store-b")));
            f.sops.tick();
            List<SopInstance> started = instances(f, sop.id());
            assertEquals(1, started.size(), "only the store-a contact starts the SOP");
            SopInstance i = started.get(0);
            assertEquals(lin.id(), i.customerId());
            assertEquals(SopInstanceState.WAITING, i.state());
            assertEquals("settle", i.stepId());
            assertEquals(SopFixture.NOW.plus(Duration.ofMinutes(5)), i.wakeAt());
            assertTrue(f.messages().isEmpty(), "nothing is sent during the first wait");

            // the same event again (a provider retry) starts nothing new
            f.core.events.ingest(Caller.SYSTEM, List.of(contactAdded("e1", lin.id(), "store-a")));
            f.sops.tick();
            assertEquals(1, instances(f, sop.id()).size());

            f.advance(Duration.ofMinutes(4));
            f.sops.tick();
            assertTrue(f.messages().isEmpty(), "still waiting after 4 minutes");
            f.advance(Duration.ofMinutes(1));
            f.sops.tick();
            List<OutboxEntry> sent = f.messages();
            assertEquals(1, sent.size());
            assertEquals("sop:" + i.id() + ":hello", sent.get(0).idempotencyKey());
            assertEquals("Hi Lin, welcome!", ((io.siyu.api.channel.MessageContent.Text) f.outbox
                    .message(sent.get(0).idempotencyKey()).orElseThrow().content()).text());
            assertEquals(1, f.policy.asked.size(), "the send asked the touch policy");
            assertEquals("a-day", f.sops.instance(ADMIN, i.id()).stepId());

            f.core.tags.tagCustomers(Caller.SYSTEM, vip.id(), TagAction.ADD, List.of(lin.id()));
            f.advance(Duration.ofDays(1));
            f.sops.tick();
            SopInstance done = f.sops.instance(ADMIN, i.id());
            assertEquals(SopInstanceState.COMPLETED, done.state());
            List<StaffTask> tasks = f.tasks();
            assertEquals(1, tasks.size());
            assertEquals("Call our new VIP", tasks.get(0).title());
            assertEquals("zhangsan", tasks.get(0).assigneeStaffId(), "the customer's owner gets the task");
            assertEquals(StaffTask.Priority.HIGH, tasks.get(0).priority());
            assertEquals("sop-instance:" + i.id(), tasks.get(0).sourceRef());
            assertEquals(f.clock.instant().plus(Duration.ofHours(4)), tasks.get(0).dueAt());
            assertEquals(List.of("settle:DONE", "hello:DONE", "a-day:DONE", "vip:THEN", "call-vip:DONE"),
                    f.sops.steps(ADMIN, i.id()).stream().map(r -> r.stepId() + ":" + r.outcome()).toList());
            assertEquals(List.of(done.id()),
                    f.sops.history(ADMIN, lin.id(), new PageRequest(0, 10)).items().stream().map(SopInstance::id).toList());

            // a new contact.added after the run ended starts a new run (re-entry once the last ended)
            f.core.events.ingest(Caller.SYSTEM, List.of(contactAdded("e3", lin.id(), "store-a")));
            assertEquals(2, instances(f, sop.id()).size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aSecondTriggerWhileAnInstanceRunsIsDroppedAndTheOtherBranchSideRuns(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            Tag vip = f.core.tags.create(new TagDraft("level", "VIP", null));
            SopDefinition sop = f.defineActive(WELCOME.formatted(vip.id()));
            Customer lin = f.customer("Lin", "wm-lin", Map.of());
            f.core.events.ingest(Caller.SYSTEM, List.of(contactAdded("e1", lin.id(), "store-a")));
            f.core.events.ingest(Caller.SYSTEM, List.of(contactAdded("e2", lin.id(), "store-a")));
            assertEquals(1, instances(f, sop.id()).size(), "one live instance per SOP and customer");
            for (int i = 0; i < 3; i++) {
                f.advance(Duration.ofDays(1));
                f.sops.tick();
            }
            List<StaffTask> tasks = f.tasks();
            assertEquals(List.of("Follow up"), tasks.stream().map(StaffTask::title).toList());
            assertEquals("unassigned", tasks.get(0).assigneeStaffId(), "no ownerStaff: the fallback assignee");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void enteringASegmentStartsAnInstanceThroughTheTimelineSweep(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            Tag hot = f.core.tags.create(new TagDraft("intent", "hot", null));
            long segment = f.core.segments.define(Caller.SYSTEM, new SegmentDraft("Hot leads", "",
                    new Condition.Tags(Condition.TagMatch.ANY, Set.of(hot.id())))).id();
            SopDefinition sop = f.defineActive("""
                    {"name": "Hot lead follow-up", "trigger": {"type": "segmentEntered", "segmentId": %d},
                     "steps": [{"id": "call", "type": "perform", "action": {"type": "createTask", "kind": "call",
                                "title": "Call the hot lead"}}]}
                    """.formatted(segment));
            Customer lin = f.customer("Lin", null, Map.of());
            f.sops.tick(); // the sweep starts its cursor at the head
            f.core.tags.tagCustomers(Caller.SYSTEM, hot.id(), TagAction.ADD, List.of(lin.id()));
            f.core.announceSegments();
            f.sops.tick();
            assertTrue(instances(f, sop.id()).isEmpty(), "the sweep stays behind by its lag");
            f.advance(Duration.ofSeconds(31));
            f.sops.tick();
            List<SopInstance> started = instances(f, sop.id());
            assertEquals(1, started.size());
            assertEquals(SopInstanceState.COMPLETED, started.get(0).state());
            assertEquals(List.of("Call the hot lead"), f.tasks().stream().map(StaffTask::title).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aBirthdayStartsOnceOnTheDayAtTheTimeInTheCustomersZone(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            f.core.schema.define(new io.siyu.api.customer.AttributeDraft("timeZone", "时区",
                    io.siyu.api.customer.AttributeType.TEXT, List.of(), "IANA zone"));
            // 2026-11-23T02:00Z is 10:00 on the 23rd in Shanghai and 21:00 on the 22nd in New York
            Customer today = f.customer("Today", null, Map.of("birthday", "1990-11-23"));
            Customer tomorrow = f.customer("Tomorrow", null, Map.of("birthday", "1991-11-24"));
            Customer newYorkNotYet = f.customer("NY 23rd", null,
                    Map.of("birthday", "1992-11-23", "timeZone", "America/New_York"));
            Customer newYorkToday = f.customer("NY 22nd", null,
                    Map.of("birthday", "1993-11-22", "timeZone", "America/New_York"));
            SopDefinition sop = f.defineActive("""
                    {"name": "Birthday", "trigger": {"type": "dateAttribute", "attribute": "birthday", "yearly": true,
                       "time": "09:00"},
                     "steps": [{"id": "wish", "type": "perform", "action": {"type": "createTask", "kind": "call",
                                "title": "Wish a happy birthday"}}]}
                    """);
            f.sops.tick();
            f.sops.tick();
            assertEquals(Set.of(today.id(), newYorkToday.id()),
                    Set.copyOf(instances(f, sop.id()).stream().map(SopInstance::customerId).toList()));
            f.advance(Duration.ofMinutes(15));
            f.sops.tick();
            assertEquals(2, instances(f, sop.id()).size(), "the next scan starts no second run for the same date");
            f.advance(Duration.ofHours(13)); // 09:00 on the 23rd in New York
            f.sops.tick();
            assertEquals(Set.of(today.id(), newYorkToday.id(), newYorkNotYet.id()),
                    Set.copyOf(instances(f, sop.id()).stream().map(SopInstance::customerId).toList()));
            f.advance(Duration.ofHours(10)); // 09:00 on the 24th in Shanghai
            f.sops.tick();
            assertEquals(4, instances(f, sop.id()).size());
            assertTrue(instances(f, sop.id()).stream().anyMatch(i -> i.customerId() == tomorrow.id()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aScheduleFiresAtItsCronTimesAndEachFiringStartsItsOwnInstance(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            SopDefinition sop = f.defineActive("""
                    {"name": "Daily moments post", "trigger": {"type": "schedule", "cron": "0 0 9 ? * *",
                       "zone": "Asia/Shanghai"},
                     "steps": [{"id": "post", "type": "perform", "action": {"type": "createTask",
                                "kind": "post_moments", "title": "Post today's moment", "dueIn": "PT3H"}},
                               {"id": "linger", "type": "wait", "duration": "P3D"}]}
                    """);
            f.sops.tick();
            assertTrue(instances(f, sop.id()).isEmpty(), "10:00 now: the next firing is tomorrow 09:00");
            f.advance(Duration.ofHours(23)); // 2026-11-24T01:00Z = 09:00 Shanghai
            f.sops.tick();
            f.sops.tick();
            assertEquals(1, instances(f, sop.id()).size());
            assertNull(instances(f, sop.id()).get(0).customerId(), "no audience: one instance about nobody");
            f.advance(Duration.ofDays(1));
            f.sops.tick();
            List<SopInstance> both = instances(f, sop.id());
            assertEquals(2, both.size(), "a schedule starts again while the last firing's instance still runs");
            assertTrue(both.stream().allMatch(i -> i.state() == SopInstanceState.WAITING));
            assertEquals(2, f.tasks().size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aWaitForAnEventEndsWithTheEventOrItsTimeout(String kind, Supplier<TestStores> stores) throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            SopDefinition sop = f.defineActive("""
                    {"name": "Nudge after a view", "trigger": {"type": "event", "eventType": "article.view"},
                     "steps": [{"id": "order", "type": "waitForEvent", "eventType": "order", "timeout": "P2D"},
                               {"id": "ordered", "type": "branch",
                                "condition": {"type": "eventCount", "eventType": "order", "minCount": 1, "lastDays": 7},
                                "then": [{"id": "thank", "type": "perform", "action": {"type": "createTask",
                                          "kind": "call", "title": "Thank for the order"}}],
                                "otherwise": [{"id": "nudge", "type": "perform", "action": {"type": "createTask",
                                          "kind": "follow_up", "title": "Nudge"}}]}]}
                    """);
            Customer buyer = f.customer("Buyer", null, Map.of());
            Customer browser = f.customer("Browser", null, Map.of());
            f.core.events.ingest(Caller.SYSTEM, List.of(
                    new EventDraft("v1", "article.view", f.clock.instant(), null, buyer.id(), null, Map.of(), List.of()),
                    new EventDraft("v2", "article.view", f.clock.instant(), null, browser.id(), null, Map.of(), List.of())));
            f.sops.tick();
            f.advance(Duration.ofHours(3));
            f.core.events.ingest(Caller.SYSTEM, List.of(new EventDraft("o1", EventTypes.ORDER, f.clock.instant(), null,
                    buyer.id(), null, Map.of(EventTypes.AMOUNT, 99), List.of())));
            f.sops.tick();
            assertEquals(List.of("Thank for the order"), f.tasks().stream().map(StaffTask::title).toList(),
                    "the order ended the buyer's wait at once");
            f.advance(Duration.ofDays(2));
            f.sops.tick();
            assertEquals(Set.of("Thank for the order", "Nudge"),
                    Set.copyOf(f.tasks().stream().map(StaffTask::title).toList()));
            for (SopInstance i : instances(f, sop.id())) {
                SopStepRun wait = f.sops.steps(ADMIN, i.id()).get(0);
                assertEquals(i.customerId() == buyer.id() ? SopStepRun.Outcome.EVENT : SopStepRun.Outcome.TIMEOUT,
                        wait.outcome());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void runningInstancesFinishOnTheirVersionAndNewOnesStartOnTheLatest(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            String v = """
                    {"name": "Versioned", "trigger": {"type": "event", "eventType": "form.submit"},
                     "steps": [{"id": "wait", "type": "wait", "duration": "PT1H"},
                               {"id": "task", "type": "perform", "action": {"type": "createTask", "kind": "other",
                                "title": "%s"}}]}
                    """;
            SopDefinition v1 = f.defineActive(v.formatted("from v1"));
            Customer a = f.customer("A", null, Map.of());
            Customer b = f.customer("B", null, Map.of());
            f.core.events.ingest(Caller.SYSTEM, List.of(new EventDraft("f1", "form.submit", f.clock.instant(), null,
                    a.id(), null, Map.of(), List.of())));
            SopDefinition v2 = f.sops.revise(ADMIN, v1.id(), io.siyu.api.sop.SopCodec.fromTree(
                    Definitions.JSON.readValue(v.formatted("from v2"), Object.class)));
            assertEquals(2, v2.version());
            assertEquals(SopState.ACTIVE, v2.state());
            assertEquals("from v1", ((io.siyu.api.sop.SopAction.CreateTask) ((io.siyu.api.sop.SopStep.Perform)
                    f.sops.get(ADMIN, v1.id(), 1).steps().get(1)).action()).title(), "versions are immutable");
            f.advance(Duration.ofSeconds(1)); // so the next trigger cache read sees v2
            f.advance(Duration.ofSeconds(2));
            f.core.events.ingest(Caller.SYSTEM, List.of(new EventDraft("f2", "form.submit", f.clock.instant(), null,
                    b.id(), null, Map.of(), List.of())));
            f.sops.tick();
            f.advance(Duration.ofHours(1));
            f.sops.tick();
            Map<Long, Integer> versions = new java.util.HashMap<>();
            instances(f, v1.id()).forEach(i -> versions.put(i.customerId(), i.sopVersion()));
            assertEquals(Map.of(a.id(), 1, b.id(), 2), versions);
            assertEquals(Set.of("from v1", "from v2"), Set.copyOf(f.tasks().stream().map(StaffTask::title).toList()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void pausingHoldsInstancesStillAndStoppingEndsThem(String kind, Supplier<TestStores> stores) throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            SopDefinition sop = f.defineActive("""
                    {"name": "Two tasks", "trigger": {"type": "event", "eventType": "form.submit"},
                     "steps": [{"id": "w1", "type": "wait", "duration": "PT1H"},
                               {"id": "t1", "type": "perform", "action": {"type": "createTask", "kind": "other", "title": "one"}},
                               {"id": "w2", "type": "wait", "duration": "PT1H"},
                               {"id": "t2", "type": "perform", "action": {"type": "createTask", "kind": "other", "title": "two"}}]}
                    """);
            Customer a = f.customer("A", null, Map.of());
            Customer b = f.customer("B", null, Map.of());
            f.core.events.ingest(Caller.SYSTEM, List.of(
                    new EventDraft("a1", "form.submit", f.clock.instant(), null, a.id(), null, Map.of(), List.of()),
                    new EventDraft("b1", "form.submit", f.clock.instant(), null, b.id(), null, Map.of(), List.of())));
            f.sops.tick();
            assertEquals(SopState.PAUSED, f.sops.pause(ADMIN, sop.id()).state());
            assertTrue(instances(f, sop.id()).stream().allMatch(i -> i.state() == SopInstanceState.PAUSED));
            f.advance(Duration.ofHours(2));
            f.sops.tick();
            assertTrue(f.tasks().isEmpty(), "paused instances hold still");
            assertThrows(ConflictException.class, () -> f.sops.resumeInstance(ADMIN, instances(f, sop.id()).get(0).id()));

            f.sops.activate(ADMIN, sop.id());
            long ofA = instances(f, sop.id()).stream().filter(i -> i.customerId() == a.id()).findFirst().orElseThrow().id();
            f.sops.pauseInstance(ADMIN, ofA);
            f.sops.tick();
            assertEquals(List.of("one"), f.tasks().stream().map(StaffTask::title).toList(),
                    "the wait had passed: B goes on at once; A, paused by itself, stays");
            f.sops.resumeInstance(ADMIN, ofA);
            f.sops.tick();
            assertEquals(2, f.tasks().size());

            f.sops.stop(ADMIN, sop.id());
            assertTrue(instances(f, sop.id()).stream().allMatch(i -> i.state() == SopInstanceState.STOPPED));
            f.advance(Duration.ofHours(2));
            f.sops.tick();
            assertEquals(2, f.tasks().size(), "stopped instances do nothing more");
            assertThrows(ConflictException.class, () -> f.sops.activate(ADMIN, sop.id()));
            assertThrows(ConflictException.class, () -> f.sops.stopInstance(ADMIN, ofA));
            f.core.events.ingest(Caller.SYSTEM, List.of(
                    new EventDraft("a2", "form.submit", f.clock.instant(), null, a.id(), null, Map.of(), List.of())));
            assertEquals(2, instances(f, sop.id()).size(), "a stopped SOP starts nothing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void sendsWaitForTheTouchPolicyAndRecordWhatItBlocks(String kind, Supplier<TestStores> stores) throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            SopDefinition sop = f.defineActive("""
                    {"name": "Promo", "trigger": {"type": "event", "eventType": "form.submit"},
                     "steps": [{"id": "promo", "type": "perform", "action": {"type": "sendMessage",
                                "channel": "wecom/main", "kind": "direct", "text": "Sale!", "scenario": "major_promotion"}},
                               {"id": "after", "type": "perform", "action": {"type": "createTask", "kind": "other",
                                "title": "after"}}]}
                    """);
            Customer a = f.customer("A", "wm-a", Map.of());
            Customer b = f.customer("B", "wm-b", Map.of());
            Customer c = f.customer("C", null, Map.of());
            // no policy running: nothing is sent unchecked
            SopServiceImpl engine = f.sops;
            engine.unbindPolicy(f.policy);
            f.core.events.ingest(Caller.SYSTEM, List.of(
                    new EventDraft("a1", "form.submit", f.clock.instant(), null, a.id(), null, Map.of(), List.of())));
            engine.tick();
            SopInstance waiting = instances(f, sop.id()).get(0);
            assertEquals(SopInstanceState.WAITING, waiting.state());
            assertEquals("promo", waiting.stepId());
            assertTrue(f.messages().isEmpty());
            engine.bindPolicy(f.policy);
            f.advance(Duration.ofSeconds(60));
            engine.tick();
            assertEquals(1, f.messages().size(), "sent once the policy is back");

            // quiet hours delay; other rules block for good and the SOP goes on
            Instant morning = f.clock.instant().plus(Duration.ofHours(8));
            f.policy.answer = r -> r.customerId() == b.id()
                    ? PolicyDecision.block(TouchPolicy.RULE_QUIET_HOURS, "22:00-08:00 in the customer's zone", morning)
                    : PolicyDecision.block(TouchPolicy.RULE_CONSENT, "opted out of wecom", null);
            f.core.events.ingest(Caller.SYSTEM, List.of(
                    new EventDraft("b1", "form.submit", f.clock.instant(), null, b.id(), null, Map.of(), List.of()),
                    new EventDraft("c1", "form.submit", f.clock.instant(), null, c.id(), null, Map.of(), List.of())));
            engine.tick();
            SopInstance ofB = instances(f, sop.id()).stream().filter(i -> i.customerId() == b.id()).findFirst().orElseThrow();
            SopInstance ofC = instances(f, sop.id()).stream().filter(i -> i.customerId() == c.id()).findFirst().orElseThrow();
            assertEquals(morning, ofB.wakeAt());
            assertEquals(SopInstanceState.COMPLETED, ofC.state());
            SopStepRun blocked = f.sops.steps(ADMIN, ofC.id()).get(0);
            assertEquals(SopStepRun.Outcome.BLOCKED, blocked.outcome());
            assertEquals("consent: opted out of wecom", blocked.detail());
            f.policy.answer = r -> PolicyDecision.ALLOWED;
            f.advance(Duration.ofHours(8));
            engine.tick();
            assertEquals(2, f.messages().size());
            assertEquals(SopInstanceState.COMPLETED, f.sops.instance(ADMIN, ofB.id()).state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void badDefinitionsAreRefusedNamingTheField(String kind, Supplier<TestStores> stores) {
        try (SopFixture f = new SopFixture(stores.get())) {
            ValidationException cron = assertThrows(ValidationException.class, () -> f.define("""
                    {"name": "x", "trigger": {"type": "schedule", "cron": "0 0 25 * * ?"},
                     "steps": [{"id": "t", "type": "wait", "duration": "PT1M"}]}
                    """));
            assertEquals("trigger.cron", cron.errors().get(0).field());
            ValidationException tags = assertThrows(ValidationException.class, () -> f.define("""
                    {"name": "x", "trigger": {"type": "event", "eventType": "order"},
                     "steps": [{"id": "t", "type": "perform", "action": {"type": "changeTags", "add": [424242]}}]}
                    """));
            assertTrue(tags.errors().get(0).message().contains("424242"));
            ValidationException step = assertThrows(ValidationException.class, () -> f.define("""
                    {"name": "x", "trigger": {"type": "event", "eventType": "order"},
                     "steps": [{"id": "t", "type": "wait", "duration": "soon"}]}
                    """));
            assertEquals("steps[0].duration", step.errors().get(0).field());
        }
    }

    static final String CLASS_GROUPS = """
            {"name": "%s", "trigger": {"type": "schedule", "cron": "%s", "zone": "Asia/Shanghai"},
             "steps": [{"id": "post", "type": "perform", "action": {"type": "sendToGroups", "channel": "wecom/main",
                        "groupChatIds": %s, "sender": "teacher-wang", "text": "%s"}}]}
            """;

    static List<SopInstance> ran(SopFixture f, long sopId) {
        return instances(f, sopId).stream().filter(i -> i.state() == SopInstanceState.COMPLETED).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aGroupSopMessagesEachClassGroupOnceADayAndWaitsOutQuietHours(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (SopFixture f = new SopFixture(stores.get())) {
            SopDefinition homework = f.defineActive(CLASS_GROUPS.formatted("作业提醒", "0 0 19 ? * MON-FRI",
                    "[\"wrClassA\", \"wrClassB\"]", "今天的作业：阅读第三课"));
            SopDefinition renewal = f.defineActive(CLASS_GROUPS.formatted("续费通知", "0 30 19 ? * *",
                    "[\"wrClassA\"]", "下学期报名开始啦"));
            SopDefinition late = f.defineActive(CLASS_GROUPS.formatted("晚间通知", "0 0 22 ? * *",
                    "[\"wrClassC\"]", "明天停课"));

            f.advance(Duration.ofHours(9)); // Monday 19:00 in Shanghai
            f.sops.tick();
            f.sops.tick();
            SopInstance posted = ran(f, homework.id()).get(0);
            assertEquals(SopStepRun.Outcome.DONE, f.sops.steps(ADMIN, posted.id()).get(0).outcome());
            List<OutboxEntry> sent = f.messages();
            assertEquals(Set.of("grp:wecom/main:wrClassA:2026-11-23", "grp:wecom/main:wrClassB:2026-11-23"),
                    sent.stream().map(OutboxEntry::idempotencyKey).collect(java.util.stream.Collectors.toSet()));
            io.siyu.api.channel.OutboundMessage toA = f.outbox.message("grp:wecom/main:wrClassA:2026-11-23").orElseThrow();
            assertEquals(io.siyu.api.channel.MessageKind.GROUP, toA.kind());
            assertEquals(List.of("wrClassA"), toA.groupChatIds());
            assertEquals("teacher-wang", toA.senderStaffId());

            f.advance(Duration.ofMinutes(30)); // 19:30: class A already had today's group message
            f.sops.tick();
            f.sops.tick();
            SopStepRun refused = f.sops.steps(ADMIN, ran(f, renewal.id()).get(0).id()).get(0);
            assertEquals(SopStepRun.Outcome.BLOCKED, refused.outcome());
            assertTrue(refused.detail().startsWith("group_quota"), refused.detail());
            assertEquals(2, f.messages().size());

            f.advance(Duration.ofMinutes(150)); // 22:00: quiet hours until 08:00
            f.sops.tick();
            f.sops.tick();
            assertEquals(2, f.messages().size(), "nothing into a group chat at night");
            SopInstance waiting = instances(f, late.id()).get(0);
            assertEquals(Instant.parse("2026-11-24T00:00:00Z"), waiting.wakeAt());
            f.advance(Duration.ofHours(10));
            f.sops.tick();
            f.sops.tick();
            assertTrue(f.outbox.message("grp:wecom/main:wrClassC:2026-11-24").isPresent(), "sent in the morning");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aGroupSendNeedsGroupChatsAndTextNotATemplate(String kind, Supplier<TestStores> stores) {
        try (SopFixture f = new SopFixture(stores.get())) {
            ValidationException none = assertThrows(ValidationException.class, () -> f.defineActive(
                    CLASS_GROUPS.formatted("x", "0 0 19 ? * *", "[]", "hi")));
            assertEquals("steps[0].action.groupChatIds", none.errors().get(0).field(), none.getMessage());
            ValidationException template = assertThrows(ValidationException.class, () -> f.defineActive("""
                    {"name": "x", "trigger": {"type": "schedule", "cron": "0 0 19 ? * *", "zone": "Asia/Shanghai"},
                     "steps": [{"id": "post", "type": "perform", "action": {"type": "sendToGroups", "channel": "wecom/main",
                                "groupChatIds": ["wrA"], "template": {"id": "T1", "data": {}}}}]}
                    """));
            assertEquals("steps[0].action.template", template.errors().get(0).field(), template.getMessage());
        }
    }
}
