package io.siyu.core.internal.sop;

import static io.siyu.core.internal.sop.SopFixture.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.org.TaskState;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.core.internal.TestStores;
import io.siyu.store.NewSopInstance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two engines (nodes) share one PostgreSQL database: 10,000 instances with 20,000 due steps (500 of them
 * tasks), one node killed midway
 * (it dies right after an action, before recording it, holding its leased batch), and every step
 * is recorded exactly once and every task made exactly once.
 */
class SopMultiNodeTest {
    static final int INSTANCES = 10_000;

    /** Counts task creations per key, and kills its node after {@code dieAfter} of them. */
    static final class CountingTasks implements StaffTaskService {
        final StaffTaskService real;
        final Map<String, AtomicInteger> calls;
        final int dieAfter;
        final AtomicInteger made = new AtomicInteger();

        CountingTasks(StaffTaskService real, Map<String, AtomicInteger> calls, int dieAfter) {
            this.real = real;
            this.calls = calls;
            this.dieAfter = dieAfter;
        }

        @Override
        public StaffTask create(Caller caller, StaffTaskDraft draft, String key) {
            calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            StaffTask t = real.create(caller, draft, key);
            if (made.incrementAndGet() == dieAfter) {
                throw new SopCrashTest.NodeDied();
            }
            return t;
        }

        @Override
        public Page<StaffTask> tasksOf(Caller caller, String staffId, TaskState state, PageRequest page) {
            return real.tasksOf(caller, staffId, state, page);
        }

        @Override
        public StaffTask complete(Caller caller, long taskId) {
            return real.complete(caller, taskId);
        }

        @Override
        public StaffTask cancel(Caller caller, long taskId) {
            return real.cancel(caller, taskId);
        }
    }

    @Test
    void twoNodesRunTenThousandInstancesStepsExactlyOnceWhileOneIsKilledMidway() throws Exception {
        try (SopFixture f = new SopFixture(TestStores.postgresStore())) {
            // Most instances wait twice; every 20th waits and then makes a task (the action the kill interrupts).
            SopDefinition waits = f.defineActive("""
                    {"name": "Two waits", "trigger": {"type": "schedule", "cron": "0 0 9 1 1 ?"},
                     "steps": [{"id": "w1", "type": "wait", "duration": "PT1S"},
                               {"id": "w2", "type": "wait", "duration": "PT1S"}]}
                    """);
            SopDefinition tasks = f.defineActive("""
                    {"name": "Wait and task", "trigger": {"type": "schedule", "cron": "0 0 9 1 1 ?"},
                     "steps": [{"id": "w1", "type": "wait", "duration": "PT1S"},
                               {"id": "review", "type": "perform", "action": {"type": "createTask", "kind": "other",
                                "title": "Review"}}]}
                    """);
            List<NewSopInstance> due = new ArrayList<>();
            int withTask = 0;
            for (int i = 0; i < INSTANCES; i++) {
                boolean task = i % 20 == 0;
                withTask += task ? 1 : 0;
                due.add(new NewSopInstance(task ? tasks.id() : waits.id(), 1, null, "w1", "bulk:" + i, null, "test",
                        f.clock.instant()));
            }
            f.stores.store.sops().start(due);

            Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
            SopServiceImpl a = f.engine("node-a", f.stores.store, new CountingTasks(f.tasks, calls, 100),
                    SopFixture.options());
            SopServiceImpl b = f.engine("node-b", f.stores.store, new CountingTasks(f.tasks, calls, Integer.MAX_VALUE),
                    SopFixture.options());
            AtomicInteger aDied = new AtomicInteger();
            for (int round = 0; round < 3; round++) {
                // each round: both nodes drain what is due, side by side; then a second passes
                Thread nodeA = new Thread(() -> {
                    try {
                        a.drain();
                    } catch (SopCrashTest.NodeDied killed) {
                        aDied.incrementAndGet();
                    }
                });
                Thread nodeB = new Thread(b::drain);
                if (aDied.get() == 0) {
                    nodeA.start();
                }
                nodeB.start();
                nodeA.join();
                nodeB.join();
                f.advance(Duration.ofSeconds(1));
            }
            assertEquals(1, aDied.get(), "node A was killed midway");
            assertTrue(count(f, "SELECT COUNT(*) FROM sop_instance WHERE lease_owner = 'node-a'") > 0,
                    "the dead node still holds its leased batch");

            f.advance(Duration.ofSeconds(61)); // its leases run out; node B takes the batch over
            b.drain();
            f.advance(Duration.ofSeconds(1));
            b.drain();

            assertEquals(INSTANCES - withTask, f.sops.instances(ADMIN, waits.id(), SopInstanceState.COMPLETED,
                    new PageRequest(0, 1)).total());
            assertEquals(withTask, f.sops.instances(ADMIN, tasks.id(), SopInstanceState.COMPLETED,
                    new PageRequest(0, 1)).total());
            assertEquals(2L * INSTANCES, count(f, "SELECT COUNT(*) FROM sop_step_run"), "one record per step");
            assertEquals(0, count(f, "SELECT COUNT(*) FROM sop_step_run GROUP BY instance_id HAVING COUNT(*) <> 2"
                    + " FETCH FIRST 1 ROWS ONLY"));
            assertEquals(withTask, count(f, "SELECT COUNT(*) FROM staff_task"), "one task per task step");
            assertEquals(withTask, calls.size());
            long repeated = calls.values().stream().filter(c -> c.get() > 1).count();
            assertTrue(repeated >= 1 && repeated <= SopFixture.options().batchSize(),
                    "only actions of the dead node's batch ran again (with their keys): " + repeated);
            assertTrue(count(f, "SELECT COUNT(DISTINCT lease_owner) FROM sop_instance") == 0,
                    "every lease was given back");
        }
    }

    private static long count(SopFixture f, String sql) throws Exception {
        try (Connection c = f.stores.dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
