package io.siyu.core.internal.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.NotFoundException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.followup.FollowUp;
import io.siyu.api.followup.FollowUpDraft;
import io.siyu.api.followup.FollowUpMethod;
import io.siyu.api.org.Caller;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Staff;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.TaskState;
import io.siyu.core.internal.CoreFixture;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.task.StaffTaskServiceImpl;
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

/**
 * Follow-up records on Derby and PostgreSQL: a course advisor's call moves the lead's stage, closes
 * the task it did and plans the next one, all visible on the timeline; a bad value or a customer
 * outside the advisor's scope changes nothing; a retried request is recorded once.
 */
class FollowUpServiceTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** A campus with two advisors, each owning one lead at stage {@code new}, and chen's call task. */
    static final class Campus implements AutoCloseable {
        final TestStores ts;
        final MutableClock clock = new MutableClock(NOW);
        final CoreFixture core;
        final StaffTaskServiceImpl tasks;
        final FollowUpServiceImpl followUps;
        final Caller chen;
        final Caller li;
        final long chensLead;
        final long lisLead;
        final StaffTask call;

        Campus(TestStores ts) {
            this.ts = ts;
            core = new CoreFixture(ts, clock);
            Authority authority = Authority.of(ts.store, List::of);
            tasks = new StaffTaskServiceImpl(ts.store, core.events, clock);
            followUps = new FollowUpServiceImpl(core.customers, core.events, tasks, ts.store, authority, clock);
            ts.store.org().putUnit(new OrgUnit("campus", null, "浦东校区", "campus"), NOW);
            for (String id : List.of("advisor-chen", "advisor-li")) {
                ts.store.org().putStaff(new Staff(id, id, "campus", Set.of("course-advisor"), Set.of("staff"), null, true), NOW);
            }
            core.schema.define(new AttributeDraft("stage", "线索阶段", AttributeType.ENUM,
                    List.of("new", "contacted", "trial-booked", "enrolled", "lost"), null));
            chen = authority.callerFor("advisor-chen", Set.of("siyu-operator"));
            li = authority.callerFor("advisor-li", Set.of("siyu-operator"));
            chensLead = lead("林妈妈", "advisor-chen");
            lisLead = lead("高爸爸", "advisor-li");
            call = tasks.create(Caller.SYSTEM, new StaffTaskDraft(StaffTask.Kind.CALL, "advisor-chen", "新线索首呼",
                    "邀约试听课", chensLead, "sop-instance:1", StaffTask.Priority.HIGH, NOW.plus(Duration.ofHours(1))), "k-call");
        }

        long lead(String name, String owner) {
            return core.customers.create(Caller.SYSTEM, new CustomerDraft(name, null, null,
                    Map.of("stage", "new", "ownerStaff", owner))).id();
        }

        List<CustomerEvent> timeline(long customer, String type) {
            return core.events.timeline(Caller.SYSTEM, customer, new PageRequest(0, 50)).items().stream()
                    .filter(e -> e.type().equals(type)).toList();
        }

        FollowUpDraft call(String requestId, Map<String, Object> attributes, Long completes) {
            return new FollowUpDraft(requestId, FollowUpMethod.CALL, "家长希望周六上午试听", "约了试听", attributes,
                    NOW.plus(Duration.ofDays(2)), "试听前一天提醒并确认时间", completes);
        }

        @Override
        public void close() {
            ts.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aCallMovesTheStageClosesItsTaskAndPlansTheNextFollowUpAllOnTheTimeline(String kind, Supplier<TestStores> stores) {
        try (Campus c = new Campus(stores.get())) {
            FollowUp f = c.followUps.record(c.chen, c.chensLead, c.call(null, Map.of("stage", "trial-booked"), c.call.id()));

            assertEquals(Map.of("stage", "trial-booked"), f.changed());
            assertEquals("trial-booked", c.core.customers.get(Caller.SYSTEM, c.chensLead).attributes().get("stage"));
            assertEquals(TaskState.DONE, c.ts.store.staffTasks().find(c.call.id()).orElseThrow().state());
            StaffTask next = c.ts.store.staffTasks().find(f.nextTaskId()).orElseThrow();
            assertEquals("advisor-chen", next.assigneeStaffId());
            assertEquals(NOW.plus(Duration.ofDays(2)), next.dueAt());
            assertEquals("试听前一天提醒并确认时间", next.script());
            assertEquals(c.chensLead, next.customerId());

            CustomerEvent record = c.timeline(c.chensLead, "follow.up").get(0);
            assertEquals(f.eventId(), record.id());
            assertEquals("advisor-chen", record.properties().get("staffId"));
            assertEquals("call", record.properties().get("method"));
            assertEquals("家长希望周六上午试听", record.properties().get("note"));
            assertEquals(Map.of("stage", "trial-booked"), record.properties().get("changed"));
            List<CustomerEvent> stage = c.timeline(c.chensLead, "attribute.changed");
            assertEquals(1, stage.size());
            assertEquals(Map.of("attribute", "stage", "from", "new", "to", "trial-booked", "by", "advisor-chen"),
                    stage.get(0).properties());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aValueTheSchemaRefusesOrAPastNextDateChangesNothing(String kind, Supplier<TestStores> stores) {
        try (Campus c = new Campus(stores.get())) {
            ValidationException bad = assertThrows(ValidationException.class, () -> c.followUps.record(c.chen, c.chensLead,
                    c.call(null, Map.of("stage", "trial-maybe"), c.call.id())));
            assertEquals("attributes.stage", bad.errors().get(0).field(), bad.getMessage());
            ValidationException past = assertThrows(ValidationException.class, () -> c.followUps.record(c.chen, c.chensLead,
                    new FollowUpDraft(null, FollowUpMethod.WECHAT, "聊了聊", null, null, NOW.minusSeconds(60), null, null)));
            assertEquals("nextAt", past.errors().get(0).field());

            assertEquals("new", c.core.customers.get(Caller.SYSTEM, c.chensLead).attributes().get("stage"));
            assertEquals(TaskState.OPEN, c.ts.store.staffTasks().find(c.call.id()).orElseThrow().state());
            assertTrue(c.timeline(c.chensLead, "follow.up").isEmpty());
            assertTrue(c.timeline(c.chensLead, "attribute.changed").isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anotherAdvisorsLeadOrTaskIsOutOfReach(String kind, Supplier<TestStores> stores) {
        try (Campus c = new Campus(stores.get())) {
            assertThrows(NotFoundException.class, () -> c.followUps.record(c.li, c.chensLead,
                    FollowUpDraft.note(FollowUpMethod.CALL, "不是我的客户")));
            ValidationException notHers = assertThrows(ValidationException.class, () -> c.followUps.record(c.li, c.lisLead,
                    c.call(null, Map.of(), c.call.id())));
            assertEquals("completesTaskId", notHers.errors().get(0).field());
            assertEquals(TaskState.OPEN, c.ts.store.staffTasks().find(c.call.id()).orElseThrow().state());
            assertTrue(c.timeline(c.lisLead, "follow.up").isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aRetriedRequestIsRecordedOnceWithOneNextTask(String kind, Supplier<TestStores> stores) {
        try (Campus c = new Campus(stores.get())) {
            FollowUp first = c.followUps.record(c.chen, c.chensLead, c.call("req-1", Map.of("stage", "contacted"), c.call.id()));
            c.clock.advance(Duration.ofSeconds(5));
            FollowUp again = c.followUps.record(c.chen, c.chensLead, c.call("req-1", Map.of("stage", "contacted"), c.call.id()));

            assertEquals(first.eventId(), again.eventId());
            assertEquals(first.nextTaskId(), again.nextTaskId());
            assertEquals(1, c.timeline(c.chensLead, "follow.up").size());
            assertEquals(1, c.timeline(c.chensLead, "attribute.changed").size());
            assertEquals(2, c.tasks.tasksOf(Caller.SYSTEM, "advisor-chen", null, new PageRequest(0, 10)).total(),
                    "the call task and one next follow-up");
            FollowUp other = c.followUps.record(c.chen, c.chensLead, c.call("req-2", Map.of(), null));
            assertTrue(!other.eventId().equals(first.eventId()));
        }
    }
}
