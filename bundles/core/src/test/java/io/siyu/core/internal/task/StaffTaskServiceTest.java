package io.siyu.core.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ConflictException;
import io.siyu.api.NotFoundException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.org.Caller;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.TaskState;
import io.siyu.core.internal.CoreFixture;
import io.siyu.core.internal.MutableClock;
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

/** Staff tasks on Derby and PostgreSQL: idempotent creation, per-staff lists, closing, overdue reminders. */
class StaffTaskServiceTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    static StaffTaskDraft task(String staff, String title, Long customer, Instant due) {
        return new StaffTaskDraft(StaffTask.Kind.FOLLOW_UP, staff, title, "say hello", customer, "sop-instance:7",
                StaffTask.Priority.NORMAL, due);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theSameKeyMakesOneTaskAndListsPutOpenTasksByDueTimeFirst(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            CoreFixture core = new CoreFixture(ts, clock);
            StaffTaskServiceImpl tasks = new StaffTaskServiceImpl(ts.store, core.events, clock);
            StaffTask first = tasks.create(Caller.SYSTEM, task("zhang", "later", null, NOW.plus(Duration.ofDays(2))), "k1");
            StaffTask again = tasks.create(Caller.SYSTEM, task("zhang", "later", null, NOW.plus(Duration.ofDays(2))), "k1");
            assertEquals(first, again, "a repeat with the same key returns the task already made");
            StaffTask sooner = tasks.create(Caller.SYSTEM, task("zhang", "sooner", null, NOW.plus(Duration.ofHours(1))), "k2");
            StaffTask undated = tasks.create(Caller.SYSTEM, task("zhang", "whenever", null, null), null);
            StaffTask done = tasks.create(Caller.SYSTEM, task("zhang", "done", null, NOW), null);
            tasks.create(Caller.SYSTEM, task("li", "not zhang's", null, NOW), null);
            tasks.complete(Caller.SYSTEM, done.id());

            List<String> order = tasks.tasksOf(Caller.SYSTEM, "zhang", null, new PageRequest(0, 10)).items().stream()
                    .map(StaffTask::title).toList();
            assertEquals(List.of("sooner", "later", "whenever", "done"), order);
            assertEquals(3, tasks.tasksOf(Caller.SYSTEM, "zhang", TaskState.OPEN, new PageRequest(0, 10)).total());
            assertEquals(4, tasks.tasksOf(Caller.SYSTEM, null, TaskState.OPEN, new PageRequest(0, 10)).total(),
                    "every staff member's open tasks");

            assertThrows(ConflictException.class, () -> tasks.complete(Caller.SYSTEM, done.id()));
            StaffTask cancelled = tasks.cancel(Caller.SYSTEM, sooner.id());
            assertEquals(TaskState.CANCELLED, cancelled.state());
            assertEquals(NOW, cancelled.completedAt());
            assertThrows(ConflictException.class, () -> tasks.cancel(Caller.SYSTEM, sooner.id()));
            assertThrows(NotFoundException.class, () -> tasks.complete(Caller.SYSTEM, 999_999));
            assertNotEquals(first.id(), undated.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anOverdueTaskIsRemindedOfOnceOnTheCustomersTimelineEvenWithTwoNodesChecking(String kind,
            Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            CoreFixture core = new CoreFixture(ts, clock);
            StaffTaskServiceImpl nodeA = new StaffTaskServiceImpl(ts.store, core.events, clock);
            StaffTaskServiceImpl nodeB = new StaffTaskServiceImpl(ts.store, core.events, clock);
            Customer lin = core.customers.create(Caller.SYSTEM, new CustomerDraft("Lin", List.of(), Set.of(), Map.of()));
            StaffTask call = nodeA.create(Caller.SYSTEM, task("zhang", "Call Lin", lin.id(), NOW.plus(Duration.ofHours(1))),
                    null);
            nodeA.create(Caller.SYSTEM, task("zhang", "Post", null, NOW.plus(Duration.ofHours(1))),
                    null);
            StaffTask finished = nodeA.create(Caller.SYSTEM, task("zhang", "Done in time", lin.id(),
                    NOW.plus(Duration.ofHours(1))), null);
            nodeA.complete(Caller.SYSTEM, finished.id());

            assertEquals(0, nodeA.remindOverdue() + nodeB.remindOverdue(), "nothing is overdue yet");
            clock.advance(Duration.ofHours(2));
            assertEquals(2, nodeA.remindOverdue() + nodeB.remindOverdue(), "two open tasks passed their due time (one about nobody: logged only)");
            assertEquals(0, nodeA.remindOverdue() + nodeB.remindOverdue(), "each is reminded of once");

            List<CustomerEvent> timeline = core.events.timeline(Caller.SYSTEM, lin.id(), new PageRequest(0, 10)).items();
            List<CustomerEvent> overdue = timeline.stream()
                    .filter(e -> e.type().equals(StaffTaskServiceImpl.TASK_OVERDUE)).toList();
            assertEquals(1, overdue.size());
            assertEquals(call.id(), ((Number) overdue.get(0).properties().get("taskId")).longValue());
            assertEquals("zhang", overdue.get(0).properties().get("assigneeStaffId"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aTaskForAnUnknownCustomerIsRefused(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            StaffTaskServiceImpl tasks = new StaffTaskServiceImpl(ts.store, new CoreFixture(ts, clock).events, clock);
            ValidationException e = assertThrows(ValidationException.class,
                    () -> tasks.create(Caller.SYSTEM, task("zhang", "Call", 424_242L, null), null));
            assertEquals("customerId", e.errors().get(0).field());
        }
    }
}
