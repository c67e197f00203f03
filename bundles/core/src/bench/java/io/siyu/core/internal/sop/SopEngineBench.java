package io.siyu.core.internal.sop;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.event.EventDraft;
import io.siyu.api.org.Caller;
import io.siyu.api.sop.SopCodec;
import io.siyu.api.sop.SopDefinition;
import io.siyu.core.internal.CoreFixture;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.outbox.OutboxService;
import io.siyu.core.internal.task.StaffTaskServiceImpl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SOP engine under load on Derby: 100,000 active instances of one SOP (wait, branch on a tag
 * through the segment index, wait) for 10,000 customers, run by the engine as a node runs it (two threads, batches of
 * 200, 200 ms idle poll, real clock).
 *
 * <ol>
 * <li>Throughput: every instance's first wait has ended; the engine drains them (wait ended +
 * branch = 2 step executions each, recorded in the store) and we divide by the time it took.</li>
 * <li>Timer lateness: the 100,000 instances, now waiting at their second wait, are re-timed to wake
 * spread evenly over the next 60 s (about 1,700 a second); each wake is one step execution. Lateness
 * = when the step was recorded minus when it was due.</li>
 * </ol>
 *
 * <pre>
 * mvn -B -o -q -Pbenchmarks -pl bundles/core -am test-compile
 * mvn -B -o -q -pl bundles/core -am dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd bundles/core &amp;&amp; java -Dderby.stream.error.file=target/bench-derby.log \
 *     -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.siyu.core.internal.sop.SopEngineBench [-Dbench.instances=100000] [-Dbench.customers=10000] [-Dbench.spreadSeconds=60]
 * </pre>
 */
public final class SopEngineBench {
    public static void main(String[] args) throws Exception {
        int instances = Integer.getInteger("bench.instances", 100_000);
        int customerCount = Integer.getInteger("bench.customers", 10_000);
        int spread = Integer.getInteger("bench.spreadSeconds", 60);
        try (TestStores ts = TestStores.derbyStore()) {
            MutableClock setupClock = new MutableClock(Instant.now());
            CoreFixture core = new CoreFixture(ts, setupClock);
            long t = System.nanoTime();
            List<Long> customers = customers(core, customerCount);
            Tag vip = core.tags.create(new TagDraft("level", "VIP", null));
            core.tags.tagCustomers(Caller.SYSTEM, vip.id(), TagAction.ADD, customers.subList(0, customerCount / 10));
            System.out.printf("setup: %,d customers in %.1f s%n", customerCount, (System.nanoTime() - t) / 1e9);

            Clock clock = Clock.systemUTC();
            OutboxService outbox = new OutboxService(ts.store, SopFixture.NO_CHANNELS, clock, 60, 12);
            StaffTaskServiceImpl tasks = new StaffTaskServiceImpl(ts.store, core.events, clock);
            SopServiceImpl.Options options = SopServiceImpl.Options.defaults();
            SopServiceImpl sops = new SopServiceImpl(ts.store, core.customers, core.tags, core.segments, outbox, tasks,
                    SopFixture.NO_CHANNELS, new io.siyu.core.internal.policy.TouchPolicyImpl(ts.store, SopFixture.NO_CHANNELS, clock),
                    clock, "bench", options);
            SopDefinition sop = sops.define(SopFixture.ADMIN, SopCodec.fromTree(Definitions.JSON.readValue("""
                    {"name": "Bench", "trigger": {"type": "schedule", "cron": "0 0 9 1 1 ?"},
                     "steps": [{"id": "w1", "type": "wait", "duration": "PT1H"},
                               {"id": "vip", "type": "branch",
                                "condition": {"type": "tags", "match": "ANY", "tagIds": [%d]},
                                "then": [{"id": "w2", "type": "wait", "duration": "PT1H"}],
                                "otherwise": [{"id": "w3", "type": "wait", "duration": "PT1H"}]}]}
                    """.formatted(vip.id()), Object.class)));
            sops.activate(SopFixture.ADMIN, sop.id());

            t = System.nanoTime();
            // Bulk rows straight into the table (the engine's start path checks keys row by row; that is
            // not what is measured): every instance waits at w1, and that wait has ended.
            Instant past = clock.instant().minusSeconds(1);
            try (Connection c = ts.dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sop_instance (sop_id, sop_version,"
                        + " customer_id, state, step_id, wake_at, due_at, runs, row_version, start_key, started_at,"
                        + " updated_at) VALUES (?, 1, ?, 'WAITING', 'w1', ?, ?, 0, 0, ?, ?, ?)")) {
                    for (int i = 0; i < instances; i++) {
                        ps.setLong(1, sop.id());
                        ps.setLong(2, customers.get(i % customerCount));
                        ps.setTimestamp(3, ts(past));
                        ps.setTimestamp(4, ts(past));
                        ps.setString(5, "bench:" + i);
                        ps.setTimestamp(6, ts(past));
                        ps.setTimestamp(7, ts(past));
                        ps.addBatch();
                        if ((i + 1) % 5000 == 0) {
                            ps.executeBatch();
                            c.commit();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
            System.out.printf("setup: %,d instances in %.1f s%n", instances, (System.nanoTime() - t) / 1e9);

            // Phase 1: throughput
            long runsBefore = count(ts, "SELECT COUNT(*) FROM sop_step_run");
            long t0 = System.nanoTime();
            Workers workers = new Workers(sops, Integer.getInteger("bench.workers", 2), 200);
            workers.start();
            while (count(ts, "SELECT COUNT(*) FROM sop_step_run") - runsBefore < 2L * instances) {
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long executed = count(ts, "SELECT COUNT(*) FROM sop_step_run") - runsBefore;
            System.out.printf("throughput: %,d step executions in %.1f s = %,.0f/s (%,d active instances)%n", executed,
                    seconds, executed / seconds, count(ts, "SELECT COUNT(*) FROM sop_instance WHERE state = 'WAITING'"));

            // Phase 2: timer lateness with wakes spread over the next `spread` seconds
            // The re-timing is one large transaction; the first wake comes well after it committed.
            Instant start = clock.instant().plusSeconds(45);
            long retime = System.nanoTime();
            Random random = new Random(7);
            Map<Long, Instant> planned = new java.util.HashMap<>();
            try (Connection c = ts.dataSource.getConnection()) {
                c.setAutoCommit(false);
                List<Long> ids = new ArrayList<>();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT id FROM sop_instance WHERE state = 'WAITING'")) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE sop_instance SET wake_at = ?, due_at = ? WHERE id = ?")) {
                    int n = 0;
                    for (long id : ids) {
                        Instant wake = start.plusMillis((long) (random.nextDouble() * spread * 1000));
                        planned.put(id, wake);
                        ps.setTimestamp(1, ts(wake));
                        ps.setTimestamp(2, ts(wake));
                        ps.setLong(3, id);
                        ps.addBatch();
                        if (++n % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
            System.out.printf("setup: re-timed %,d instances in %.1f s; first wake in %.1f s%n", planned.size(),
                    (System.nanoTime() - retime) / 1e9, Duration.between(clock.instant(), start).toMillis() / 1000.0);
            Thread.sleep(Duration.between(clock.instant(), start.plusSeconds(spread + 5)).toMillis());
            while (count(ts, "SELECT COUNT(*) FROM sop_instance WHERE state = 'WAITING'") > 0) {
                Thread.sleep(200);
            }
            workers.stop();
            double[] lateness = new double[planned.size()];
            int k = 0;
            try (Connection c = ts.dataSource.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT instance_id, finished_at FROM sop_step_run"
                            + " WHERE step_id IN ('w2', 'w3')")) {
                while (rs.next()) {
                    Instant done = rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC);
                    lateness[k++] = Duration.between(planned.get(rs.getLong(1)), done).toMillis() / 1000.0;
                }
            }
            double[] sorted = Arrays.copyOf(lateness, k);
            Arrays.sort(sorted);
            System.out.printf("lateness over %,d timers due within %d s (%,.0f/s): p50 %.3f s, p99 %.3f s, max %.3f s%n",
                    k, spread, k / (double) spread, percentile(sorted, 50), percentile(sorted, 99),
                    sorted[sorted.length - 1]);
        }
        System.exit(0);
    }

    /** The engine's worker loop, as {@link SopServiceImpl} runs it on a node. */
    static final class Workers {
        private final SopServiceImpl sops;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);

        Workers(SopServiceImpl sops, int count, long pollMillis) {
            this.sops = sops;
            for (int i = 0; i < count; i++) {
                threads.add(new Thread(() -> {
                    while (running.get()) {
                        if (sops.engine().runOnce() == 0) {
                            try {
                                Thread.sleep(pollMillis);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }, "bench-engine-" + i));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private static List<Long> customers(CoreFixture core, int n) {
        List<Long> ids = new ArrayList<>(n);
        Instant at = Instant.now().minusSeconds(3600);
        for (int from = 0; from < n; from += 10_000) {
            List<EventDraft> drafts = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 10_000); i++) {
                drafts.add(EventDraft.forIdentity("join-" + i, "contact.added", at, "wecom/main",
                        ChannelIdentity.of(IdentityType.PHONE, String.format("+86139%08d", i)), Map.of()));
            }
            core.events.ingest(Caller.SYSTEM, drafts);
        }
        for (int i = 0; i < n; i++) {
            ids.add(core.stores.store.customers().findIdByIdentity(
                    ChannelIdentity.of(IdentityType.PHONE, String.format("+86139%08d", i))).orElseThrow());
        }
        return ids;
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }

    private static void execute(TestStores ts, String sql, Instant a, Instant b) throws Exception {
        try (Connection c = ts.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, ts(a));
            ps.setTimestamp(2, ts(b));
            ps.executeUpdate();
        }
    }

    private static long count(TestStores ts, String sql) throws Exception {
        try (Connection c = ts.dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
