package io.siyu.core.internal;

import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.org.Caller;
import io.siyu.store.internal.JpaStore;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Customer CSV import throughput through {@link ImportServiceImpl} (parse, validate against the
 * schema, chunks of 1,000 rows in one transaction each, change log) on a fresh Derby or PostgreSQL
 * database. Each row has a phone, an e-mail, a WeCom id, two tags and four attributes; with
 * {@code -Dbench.tags=N}, N tags drawn from 10·N of group "bench" instead of the two.
 *
 * <pre>
 * -Dbench.store=derby|postgresql [-Dbench.rows=1000000] [-Dbench.tags=20] [-Dbench.dryRun=true]
 * </pre>
 */
public final class CustomerImportBench {
    private static final String[] REGIONS = {"上海", "北京", "杭州", "深圳", "成都", "广州"};
    private static final String[] TAGS = {"层级/核心用户", "层级/忠诚用户", "层级/普通用户", "兴趣/护肤", "兴趣/母婴", "渠道/门店"};

    public static void main(String[] args) throws Exception {
        String kind = System.getProperty("bench.store", "derby");
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        boolean dryRun = Boolean.getBoolean("bench.dryRun");
        int tagsEach = Integer.getInteger("bench.tags", 0);

        Path csv = Path.of("target", "bench", "customers-" + rows + (tagsEach > 0 ? "-tags" + tagsEach : "") + ".csv");
        if (!Files.exists(csv)) {
            generate(csv, rows, tagsEach);
        }
        DataSource ds = kind.equals("postgresql") ? postgres() : derby();
        EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory("siyu",
                Map.of("javax.persistence.nonJtaDataSource", ds, "eclipselink.logging.level", "WARNING"));
        try {
            JpaStore store = new JpaStore(emf, ds);
            Clock clock = Clock.systemUTC();
            AttributeSchemaServiceImpl schema = new AttributeSchemaServiceImpl(store, List::of, clock);
            schema.define(new AttributeDraft("memberPoints", null, AttributeType.INTEGER, List.of(), null));
            TagServiceImpl tags = new TagServiceImpl(store, clock);
            for (String t : TAGS) {
                String[] gn = t.split("/");
                tags.create(new TagDraft(gn[0], gn[1], TagKind.ENTERPRISE));
            }
            for (int t = 0; t < 10 * tagsEach; t++) {
                tags.create(new TagDraft("bench", String.format("t%03d", t), TagKind.ENTERPRISE));
            }
            io.siyu.store.CustomerImports real = store.customerImports();
            java.util.concurrent.atomic.AtomicLong storeNanosAll = new java.util.concurrent.atomic.AtomicLong();
            io.siyu.store.CustomerImports timed = new io.siyu.store.CustomerImports() {
                @Override
                public List<Result> importChunk(List<Row> rows1, boolean upsert, boolean write, java.time.Instant now) {
                    long s = System.nanoTime();
                    try {
                        return real.importChunk(rows1, upsert, write, now);
                    } finally {
                        storeNanosAll.addAndGet(System.nanoTime() - s);
                    }
                }

                @Override
                public List<Result> importChunk(List<Row> rows1, boolean upsert, java.time.Instant now,
                        java.util.concurrent.Future<Boolean> after) {
                    long s = System.nanoTime();
                    try {
                        return real.importChunk(rows1, upsert, now, after);
                    } finally {
                        storeNanosAll.addAndGet(System.nanoTime() - s);
                    }
                }

                @Override
                public int parallelWriters() {
                    return real.parallelWriters();
                }

                @Override
                public int chunkRows() {
                    return real.chunkRows();
                }
            };
            // the store's share of the time: everything else is reading, parsing and validating
            io.siyu.store.Store measured = (io.siyu.store.Store) java.lang.reflect.Proxy.newProxyInstance(
                    CustomerImportBench.class.getClassLoader(), new Class<?>[] {io.siyu.store.Store.class},
                    (proxy, method, margs) -> method.getName().equals("customerImports") ? timed : method.invoke(store, margs));
            ImportServiceImpl imports = new ImportServiceImpl(measured, schema, tags, clock);
            long t0 = System.nanoTime();
            long cpu0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            ImportJob job = imports.run(Caller.SYSTEM, csv, new ImportOptions(dryRun, ImportMode.CREATE, false, false));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() - cpu0) / 1e9;
            imports.close();
            if (job.rowsFailed() > 0 || job.rowsWritten() != rows) {
                throw new IllegalStateException("import did not write every row: " + job);
            }
            System.out.printf("store=%s rows=%d dryRun=%s file=%.0f MiB%n", kind, rows, dryRun, Files.size(csv) / 1048576.0);
            System.out.printf("  %.1f s, %.0f rows/s; %.1f s in the store, summed over %d writer(s) (chunks of %d rows)%n",
                    seconds, rows / seconds, storeNanosAll.get() / 1e9, real.parallelWriters(), real.chunkRows());
            // CPU this JVM used (on Derby that includes the database's work)
            System.out.printf("  JVM CPU: %.1f s (%.1f µs per row)%n", cpu, cpu * 1e6 / rows);
            if (!dryRun) {
                System.out.printf("  customers stored: %d%n", store.customers().count());
            }
        } finally {
            emf.close();
        }
    }

    private static void generate(Path csv, int rows, int tagsEach) throws Exception {
        java.util.Random random = new java.util.Random(42);
        Files.createDirectories(csv.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("displayName,identity:phone,identity:email,identity:wecom:wwbench,tags,attr:region,attr:gender,"
                    + "attr:birthday,attr:memberPoints\n");
            for (int i = 0; i < rows; i++) {
                w.write("客户" + i + "," + (13000000000L + i) + ",c" + i + "@example.com,wm" + i + ","
                        + tags(i, tagsEach, random) + "," + REGIONS[i % REGIONS.length] + ","
                        + (i % 2 == 0 ? "female" : "male") + "," + (1960 + i % 40) + "-0" + (1 + i % 9) + "-1" + (i % 9)
                        + "," + (i % 20_000) + "\n");
            }
        }
    }

    private static String tags(int i, int tagsEach, java.util.Random random) {
        if (tagsEach == 0) {
            return TAGS[i % 3] + ";" + TAGS[3 + i % 3];
        }
        java.util.TreeSet<Integer> picked = new java.util.TreeSet<>();
        while (picked.size() < tagsEach) {
            picked.add(random.nextInt(10 * tagsEach));
        }
        StringBuilder s = new StringBuilder();
        for (int t : picked) {
            s.append(s.length() == 0 ? "" : ";").append(String.format("bench/t%03d", t));
        }
        return s.toString();
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
