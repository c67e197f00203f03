package io.siyu.core.internal.segment;

import io.siyu.api.PageRequest;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.Operator;
import io.siyu.api.segment.RfmRule;
import io.siyu.store.internal.JpaStore;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManagerFactory;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Segment evaluation at scale: generates customers × tags, attributes and events in a fresh
 * PostgreSQL schema (server-side, generate_series with a fixed seed), builds the index from the
 * store, then times a 5-condition count, the first page of members, and the same condition as
 * one SQL query over the store.
 *
 * <pre>
 * mvn -q install -DskipTests
 * MAVEN_OPTS=-Xmx3g mvn -q -Pbenchmarks -pl bundles/core test-compile exec:java [-Dbench.schema=segbench] \
 *     -Dbench.main=io.siyu.core.internal.segment.SegmentBench \
 *     [-Dbench.customers=1000000] [-Dbench.tagsPerCustomer=20] [-Dbench.events=10000000]
 * </pre>
 */
public final class SegmentBench {
    public static void main(String[] args) throws Exception {
        int customers = Integer.getInteger("bench.customers", 1_000_000);
        int tagsPer = Integer.getInteger("bench.tagsPerCustomer", 20);
        int events = Integer.getInteger("bench.events", 10_000_000);
        int tags = 200;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        String url = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        // -Dbench.schema=name keeps the generated data in that schema for the next run (generation takes minutes).
        String kept = System.getProperty("bench.schema");
        String schema = kept != null ? kept : "siyu_segbench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        boolean generate;
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = '" + schema + "' AND table_name = 'customer'")) {
                rs.next();
                generate = rs.getLong(1) == 0;
            }
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        ds.setCurrentSchema(schema);
        EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory("siyu",
                Map.of("javax.persistence.nonJtaDataSource", ds, "eclipselink.logging.level", "WARNING"));
        try {
            JpaStore store = new JpaStore(emf, ds); // migrates the empty schema
            long t0 = System.nanoTime();
            if (generate) try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT setseed(0.42)");
                // tagsPer distinct tags per customer, spread by a hash of the id, as the row's array (V26).
                st.execute("INSERT INTO customer (id, display_name, created_at, updated_at, version, tag_ids)"
                        + " SELECT g, 'c' || g, now(), now(), 1, ARRAY(SELECT 1 + ((((g::bigint * 2654435761) % " + tags + ")"
                        + " + (g % 10) + k * 10) % " + tags + ") FROM generate_series(0, " + (tagsPer - 1) + ") k)"
                        + " FROM generate_series(1, " + customers + ") g");
                // tag groups (schema version 9) take ids above the tags'
                st.execute("INSERT INTO tag_group (id, name, sort_order, created_at)"
                        + " SELECT 1000 + k, 'g' || k, 0, now() FROM generate_series(0, 9) k");
                st.execute("INSERT INTO tag (id, group_id, group_name, name, kind, created_at)"
                        + " SELECT g, 1000 + (g % 10), 'g' || (g % 10), 't' || g, 'ENTERPRISE', now() FROM generate_series(1, " + tags + ") g");
                st.execute("INSERT INTO customer_attribute (customer_id, name, value_type, value_text)"
                        + " SELECT g, 'gender', 'string', (ARRAY['male','female','unknown'])[1 + (g % 3)] FROM generate_series(1, " + customers + ") g");
                st.execute("INSERT INTO customer_attribute (customer_id, name, value_type, value_text)"
                        + " SELECT g, 'region', 'string', 'r' || floor(random() * 30)::int FROM generate_series(1, " + customers + ") g");
                st.execute("INSERT INTO customer_attribute (customer_id, name, value_type, value_text)"
                        + " SELECT g, 'age', 'integer', (16 + floor(random() * 60)::int)::text FROM generate_series(1, " + customers + ") g");
                st.execute("INSERT INTO customer_event (event_id, customer_id, event_type, channel, occurred_at, received_at, properties, amount)"
                        + " SELECT 'e' || g, 1 + floor(random() * " + customers + ")::int, t.type, 'bench',"
                        + " now() - random() * interval '400 days', now(), '{}',"
                        + " CASE WHEN t.type IN ('order', 'refund') THEN round((random() * 2000)::numeric, 2) END"
                        + " FROM generate_series(1, " + events + ") g,"
                        + " LATERAL (SELECT (ARRAY['order','order','article.view','link.click','message.in','refund','store.visit','article.view'])"
                        + "[1 + (g % 8)] AS type) t");
                st.execute("ANALYZE");
            }
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM customer), (SELECT COUNT(*) FROM customer_event)")) {
                rs.next();
                customers = (int) rs.getLong(1);
                events = (int) rs.getLong(2);
            }
            System.out.printf(generate ? "data: %,d customers × %d tags, %,d events generated in %.0f s%n"
                    : "data: %,d customers × %d tags, %,d events (kept from an earlier run)%n", customers, tagsPer, events, secs(t0));

            long heapBefore = usedHeap();
            long t1 = System.nanoTime();
            io.siyu.api.customer.AttributeSchemaService attributes = io.siyu.core.internal.TestStores.attributeSchema(store);
            if (attributes.list().stream().noneMatch(d -> d.name().equals("age"))) {
                attributes.define(new io.siyu.api.customer.AttributeDraft("age", null, io.siyu.api.customer.AttributeType.INTEGER, null, null));
            }
            SegmentServiceImpl segments = new SegmentServiceImpl(store, attributes, Clock.systemUTC(), false);
            double rebuild = secs(t1);
            long heapAfter = usedHeap();
            System.out.printf("index rebuild from the store: %.1f s; heap held: %,d MB (estimate by the index: %,d MB)%n",
                    rebuild, (heapAfter - heapBefore) >> 20, segments.indexSizeInBytes() >> 20);

            Condition c = Condition.and(
                    Condition.tags(Condition.TagMatch.ANY, 3L, 17L),
                    Condition.attribute("region", Operator.IN, "r1", "r2", "r3", "r4", "r5", "r6"),
                    Condition.attribute("age", Operator.BETWEEN, new BigDecimal(25), new BigDecimal(45)),
                    new Condition.EventCount(EventTypes.ORDER, 1, 180),
                    Condition.not(Condition.tags(Condition.TagMatch.ANY, 50L)));
            double[] counts = time(101, () -> segments.count(Caller.SYSTEM, c));
            double[] pages = time(101, () -> segments.members(Caller.SYSTEM, c, new PageRequest(0, 20)));
            long count = segments.count(Caller.SYSTEM, c);
            long t2 = System.nanoTime();
            long sqlCount = store.segmentSql().count(c, Instant.now().truncatedTo(ChronoUnit.SECONDS), RfmRule.DEFAULT, id -> null);
            double sqlMillis = (System.nanoTime() - t2) / 1e6;
            System.out.printf("5-condition segment: %,d members (SQL says %,d)%n", count, sqlCount);
            System.out.printf("  count: median %.2f ms, p95 %.2f ms; first page of 20: median %.2f ms%n",
                    counts[50], counts[95], pages[50]);
            System.out.printf("  same condition as one SQL query: %.0f ms -> index is %.0f× faster%n", sqlMillis, sqlMillis / counts[50]);

            if (c instanceof Condition.And and) {
                for (Condition part : and.conditions()) {
                    double[] one = time(21, () -> segments.count(Caller.SYSTEM, part));
                    System.out.printf("    alone: %-60.60s median %.2f ms%n", part, one[10]);
                }
            }

            Condition layer = new Condition.Layer(io.siyu.api.segment.CustomerLayer.CORE);
            double[] layers = time(11, () -> segments.count(Caller.SYSTEM, layer));
            System.out.printf("core-layer count (RFM over every buyer): median %.1f ms%n", layers[5]);

            if (System.getProperty("karaf.data") != null) {
                // A restart: the index saved after the build is loaded and caught up instead of rebuilt.
                long t3 = System.nanoTime();
                SegmentServiceImpl restarted = new SegmentServiceImpl(store, attributes, Clock.systemUTC(), false);
                System.out.printf("restart with the saved index (load + catch up): %.1f s; count after restart: %,d%n",
                        secs(t3), restarted.count(Caller.SYSTEM, c));
            }
        } finally {
            emf.close();
            if (kept == null) {
                try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static double[] time(int runs, Runnable r) {
        for (int i = 0; i < 20; i++) {
            r.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
