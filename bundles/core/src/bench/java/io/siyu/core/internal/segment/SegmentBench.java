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

        boolean derby = "derby".equals(System.getProperty("bench.store", "postgresql"));
        String url = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        // -Dbench.schema=name keeps the generated data in that schema for the next run (generation takes minutes).
        String kept = System.getProperty("bench.schema");
        String schema = kept != null ? kept : "siyu_segbench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        boolean generate;
        javax.sql.DataSource ds;
        if (derby) {
            // -Dbench.derby=dir keeps the database there for the next run
            String dir = System.getProperty("bench.derby", "target/bench/segbench-derby-" + UUID.randomUUID());
            kept = dir;
            generate = !java.nio.file.Files.exists(java.nio.file.Path.of(dir));
            org.apache.derby.jdbc.EmbeddedDataSource eds = new org.apache.derby.jdbc.EmbeddedDataSource();
            eds.setDatabaseName(dir);
            eds.setCreateDatabase("create");
            ds = eds;
        } else {
            io.siyu.core.internal.BenchSchema pgSchema = io.siyu.core.internal.BenchSchema.open(url, schema);
            generate = pgSchema.empty;
            ds = pgSchema.dataSource;
        }
        EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory("siyu",
                Map.of("javax.persistence.nonJtaDataSource", ds, "eclipselink.logging.level", "WARNING"));
        try {
            JpaStore store = new JpaStore(emf, ds); // migrates the empty schema
            long t0 = System.nanoTime();
            if (generate && derby) {
                generateDerby(ds, customers, tagsPer, tags, events, now);
            } else if (generate) try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
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
                    java.sql.ResultSet rs = st.executeQuery((derby ? "VALUES (" : "SELECT ")
                            + "(SELECT COUNT(*) FROM customer), (SELECT COUNT(*) FROM customer_event)" + (derby ? ")" : ""))) {
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
            // -Dbench.sql=false skips the store query (minutes on Derby over 20 M tag rows)
            long sqlCount = Boolean.parseBoolean(System.getProperty("bench.sql", "true"))
                    ? store.segmentSql().count(c, Instant.now().truncatedTo(ChronoUnit.SECONDS), RfmRule.DEFAULT, id -> null) : -1;
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
            if (kept == null && !derby) {
                try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /**
     * The PostgreSQL data set's shape on Derby, written with batched inserts (Derby has no
     * generate_series): the same tag formula, three attributes, events over 400 days.
     */
    private static void generateDerby(javax.sql.DataSource ds, int customers, int tagsPer, int tags, int events, Instant now)
            throws java.sql.SQLException {
        java.util.Random random = new java.util.Random(42);
        java.sql.Timestamp at = java.sql.Timestamp.from(now);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (int k = 0; k < 10; k++) {
                    st.execute("INSERT INTO tag_group (id, name, sort_order, created_at) VALUES (" + (1000 + k) + ", 'g" + k
                            + "', 0, CURRENT_TIMESTAMP)");
                }
                for (int g = 1; g <= tags; g++) {
                    st.execute("INSERT INTO tag (id, group_id, group_name, name, kind, created_at) VALUES (" + g + ", "
                            + (1000 + g % 10) + ", 'g" + g % 10 + "', 't" + g + "', 'ENTERPRISE', CURRENT_TIMESTAMP)");
                }
            }
            String[] genders = {"male", "female", "unknown"};
            try (java.sql.PreparedStatement cu = c.prepareStatement("INSERT INTO customer (id, display_name, created_at, updated_at, version)"
                    + " VALUES (?, ?, ?, ?, 1)");
                    java.sql.PreparedStatement ta = c.prepareStatement("INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)");
                    java.sql.PreparedStatement at3 = c.prepareStatement("INSERT INTO customer_attribute (customer_id, name, value_type, value_text)"
                            + " VALUES (?, ?, ?, ?)")) {
                for (long g = 1; g <= customers; g++) {
                    cu.setLong(1, g);
                    cu.setString(2, "c" + g);
                    cu.setTimestamp(3, at);
                    cu.setTimestamp(4, at);
                    cu.addBatch();
                    java.util.TreeSet<Long> mine = new java.util.TreeSet<>();
                    for (int k = 0; k < tagsPer; k++) {
                        mine.add(1 + ((((g * 2654435761L) % tags) + (g % 10) + k * 10) % tags));
                    }
                    for (long t : mine) {
                        ta.setLong(1, g);
                        ta.setLong(2, t);
                        ta.addBatch();
                    }
                    String[][] attrs = {{"gender", "string", genders[(int) (g % 3)]},
                            {"region", "string", "r" + random.nextInt(30)}, {"age", "integer", Integer.toString(16 + random.nextInt(60))}};
                    for (String[] a : attrs) {
                        at3.setLong(1, g);
                        at3.setString(2, a[0]);
                        at3.setString(3, a[1]);
                        at3.setString(4, a[2]);
                        at3.addBatch();
                    }
                    if (g % 5_000 == 0 || g == customers) {
                        cu.executeBatch();
                        ta.executeBatch();
                        at3.executeBatch();
                        c.commit();
                    }
                    if (g % 100_000 == 0) {
                        System.out.printf("  %,d customers written%n", g);
                    }
                }
            }
            String[] types = {"order", "order", "article.view", "link.click", "message.in", "refund", "store.visit", "article.view"};
            try (java.sql.PreparedStatement ev = c.prepareStatement("INSERT INTO customer_event (event_id, customer_id, event_type,"
                    + " channel, occurred_at, received_at, properties, amount) VALUES (?, ?, ?, 'bench', ?, ?, '{}', ?)")) {
                long span = 400L * 86_400_000L;
                for (int g = 1; g <= events; g++) {
                    String type = types[g % 8];
                    ev.setString(1, "e" + g);
                    ev.setLong(2, 1 + random.nextInt(customers));
                    ev.setString(3, type);
                    ev.setTimestamp(4, new java.sql.Timestamp(now.toEpochMilli() - (long) (random.nextDouble() * span)));
                    ev.setTimestamp(5, at);
                    if (type.equals("order") || type.equals("refund")) {
                        ev.setBigDecimal(6, BigDecimal.valueOf(random.nextInt(200_000), 2));
                    } else {
                        ev.setNull(6, java.sql.Types.DECIMAL);
                    }
                    ev.addBatch();
                    if (g % 5_000 == 0 || g == events) {
                        ev.executeBatch();
                        c.commit();
                    }
                    if (g % 1_000_000 == 0) {
                        System.out.printf("  %,d events written%n", g);
                    }
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
