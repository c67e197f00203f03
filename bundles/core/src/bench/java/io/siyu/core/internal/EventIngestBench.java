package io.siyu.core.internal;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.store.internal.JpaStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Event ingestion throughput through {@link EventServiceImpl} (validation, JSON, one transaction
 * per batch, durable on commit), on a fresh Derby or PostgreSQL database.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -Pbenchmarks -pl bundles/core test-compile exec:java -Dbench.store=derby|postgresql \
 *     [-Dbench.customers=10000] [-Dbench.events=200000] [-Dbench.batch=10000] [-Dbench.threads=1]
 * </pre>
 */
public final class EventIngestBench {
    public static void main(String[] args) throws Exception {
        String kind = System.getProperty("bench.store", "derby");
        int customers = Integer.getInteger("bench.customers", 10_000);
        int total = Integer.getInteger("bench.events", 200_000);
        int batch = Integer.getInteger("bench.batch", 10_000);

        DataSource ds = kind.equals("postgresql") ? postgres() : derby();
        EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory("siyu",
                Map.of("javax.persistence.nonJtaDataSource", ds, "eclipselink.logging.level", "WARNING"));
        try {
            JpaStore store = new JpaStore(emf, ds);
            EventServiceImpl events = new EventServiceImpl(store, Clock.systemUTC());
            Instant base = Instant.now().minusSeconds(86_400);

            // Phase 1: every event names a phone nobody has yet, so each creates a customer.
            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            for (int from = 0; from < customers; from += batch) {
                List<EventDraft> drafts = new ArrayList<>();
                for (int i = from; i < Math.min(customers, from + batch); i++) {
                    drafts.add(EventDraft.forIdentity("join-" + i, "contact.added", base, "wecom/main",
                            ChannelIdentity.of(IdentityType.PHONE, String.format("+86139%08d", i)), Map.of("state", "code-" + (i % 20))));
                }
                check(events.ingest(Caller.SYSTEM, drafts));
            }
            double newIdentities = customers / seconds(t0);
            double newCpu = (cpuNanos() - cpu0) / 1e9;
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < customers; i++) {
                ids.add(store.customers().findIdByIdentity(ChannelIdentity.of(IdentityType.PHONE, String.format("+86139%08d", i))).orElseThrow());
            }

            // Phase 2: events for known customers, the common case (orders, article views…), from
            // -Dbench.threads producers at once (several systems feed Siyu; each request is one batch).
            int threads = Integer.getInteger("bench.threads", 1);
            String[] types = {"order", "article.view", "link.click", "message.in", "store.visit"};
            int batches = (total + batch - 1) / batch;
            double[] batchMillis = new double[batches];
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ExecutorService producers = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            long t1 = System.nanoTime();
            long cpu1 = cpuNanos();
            for (int p = 0; p < threads; p++) {
                running.add(producers.submit(() -> {
                    for (int b; (b = next.getAndIncrement()) < batches;) {
                        Random random = new Random(42 + b);
                        int from = b * batch;
                        List<EventDraft> drafts = new ArrayList<>(batch);
                        for (int i = from; i < Math.min(total, from + batch); i++) {
                            String type = types[random.nextInt(types.length)];
                            drafts.add(EventDraft.forCustomer("ev-" + i, type, base.plusMillis(i), ids.get(random.nextInt(ids.size())),
                                    type.equals("order") ? Map.of("amount", new BigDecimal(random.nextInt(100_000)).movePointLeft(2), "store", "SH-" + random.nextInt(50))
                                            : Map.of("url", "https://example.com/a/" + random.nextInt(1000))));
                        }
                        long s = System.nanoTime();
                        check(events.ingest(Caller.SYSTEM, drafts));
                        batchMillis[b] = (System.nanoTime() - s) / 1e6;
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : running) {
                f.get();
            }
            producers.shutdown();
            double known = total / seconds(t1);
            double knownCpu = (cpuNanos() - cpu1) / 1e9;
            Arrays.sort(batchMillis);
            System.out.printf("store=%s customers=%d events=%d batch=%d producers=%d%n", kind, customers, total, batch, threads);
            System.out.printf("  new-identity events: %.0f events/s (each creates a customer)%n", newIdentities);
            System.out.printf("  known-customer events: %.0f events/s; batch of %d: median %.0f ms, max %.0f ms%n",
                    known, batch, batchMillis[batchMillis.length / 2], batchMillis[batchMillis.length - 1]);
            // CPU this JVM used (all threads; on Derby that is the database's work too): a figure
            // that other processes competing for the cores disturb far less than events/s
            System.out.printf("  JVM CPU: %.1f µs per new-identity event, %.1f µs per known-customer event%n",
                    newCpu * 1e6 / customers, knownCpu * 1e6 / total);
        } finally {
            emf.close();
        }
    }

    private static void check(IngestResult r) {
        if (!r.ok()) {
            throw new IllegalStateException("batch rejected: " + r.errors().subList(0, Math.min(3, r.errors().size())));
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static DataSource derby() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(Path.of("target", "bench", "derby-" + UUID.randomUUID()).toString());
        ds.setCreateDatabase("create");
        return ds;
    }

    private static DataSource postgres() throws Exception {
        String url = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("bench.pg.user", "postgres");
        String schema = "siyu_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setCurrentSchema(schema);
        ds.setReWriteBatchedInserts(true);
        return BenchPool.around(ds);
    }
}
