package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.ConflictException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.backup.BackupSummary;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import io.siyu.store.NewEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Full backup and restore, on Derby and PostgreSQL and from one to the other. */
class BackupRestoreTest {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-02T09:30:00Z");
    static final Instant T2 = Instant.parse("2026-11-03T10:15:00Z");
    static final Instant RESTORED_AT = Instant.parse("2026-11-10T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<EntityManagerFactory> opened = new ArrayList<>();

    record Node(DataSource dataSource, JpaStore store) {
    }

    Node open(String kind) {
        DataSource ds = kind.equals("derby") ? TestDatabases.freshDerby() : TestDatabases.freshPostgres();
        EntityManagerFactory emf = TestDatabases.entityManagerFactory(ds);
        opened.add(emf);
        return new Node(ds, new JpaStore(emf, ds));
    }

    @AfterEach
    void close() {
        opened.forEach(EntityManagerFactory::close);
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of("derby", "derby"), Arguments.of("postgresql", "postgresql"),
                Arguments.of("derby", "postgresql"), Arguments.of("postgresql", "derby"));
    }

    /** Customers with identities, tags and typed attributes (a date too), events with amounts, consent, a segment, a merge. */
    static Map<String, Long> fill(JpaStore s) {
        Tag vip = s.tags().insert(new TagDraft("level", "VIP", TagKind.ENTERPRISE), T0);
        Tag young = s.tags().insert(new TagDraft("age", "青年", null), T0);
        s.attributeDefinitions().insert(new AttributeDefinition("tier", "Tier", AttributeType.ENUM,
                List.of("gold", "silver"), "loyalty tier", AttributeOrigin.CUSTOM), T0);
        Customer a = s.customers().insert(new CustomerDraft("王小明", List.of(
                ChannelIdentity.of(IdentityType.PHONE, "+8613800138000"),
                ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "ww1", "wmABC")), Set.of(vip.id()),
                Map.of("city", "上海", "orders", 3L, "vip", true, "spent", new BigDecimal("1999.50"),
                        "birthday", LocalDate.of(1990, 5, 17), "tier", "gold")), T0);
        Customer b = s.customers().insert(new CustomerDraft("Wang Xiaoming", List.of(
                ChannelIdentity.of(IdentityType.EMAIL, "wxm@example.com")), Set.of(young.id()),
                Map.of("city", "北京", "age", 30L)), T1);
        Customer c = s.customers().insert(new CustomerDraft("Li \"Lei\"\n李雷", List.of(
                ChannelIdentity.of(IdentityType.PHONE, "+8613900000001")), Set.of(vip.id(), young.id()), null), T1);
        s.events().ingest(List.of(
                new NewEvent("o1", "order", T0, "shop/main", a.id(), null, "{\"orderId\":\"o1\"}", List.of(), new BigDecimal("199.90")),
                new NewEvent("o2", "order", T1, "shop/main", b.id(), null, "{\"orderId\":\"o2\"}", List.of(), new BigDecimal("20.0001")),
                new NewEvent("v1", "article.view", T1, "wechat-oa/main", c.id(), null, "{}", List.of(), null),
                new NewEvent("f1", "follow", T1, "wechat-oa/main", c.id(), null, "{}", List.of(), null)), T1);
        s.consents().record(new Consent(a.id(), "sms", ConsentState.OPTED_IN, T0, "import"), T0);
        s.consents().record(new Consent(b.id(), "sms", ConsentState.OPTED_OUT, T1, "sms-reply:TD"), T1);
        long seg = s.segments().insert("vips", "VIP customers", "{\"tag\":" + vip.id() + "}", T1).id();
        s.segments().publishMembership(seg, 0, new byte[] {0, 1, 2, (byte) 0xff, 58, 48}, List.of(), T1);
        s.settings().put(io.siyu.store.IdentityRepository.STRATEGIES_SETTING, "*=MOST_RECENT;city=OLDEST");
        // the org: a child unit whose id sorts before its parent's, staff, a share and a handover
        s.org().putUnit(new io.siyu.api.org.OrgUnit("z-hq", null, "总行", "head-office"), T0);
        s.org().putUnit(new io.siyu.api.org.OrgUnit("a-branch", "z-hq", "上海分行", "branch"), T0);
        s.org().putStaff(new io.siyu.api.org.Staff("zhou", "周经理", "a-branch", Set.of("account-manager"),
                Set.of("staff"), "zhou.wx", true), T0);
        s.org().share(c.id(), "zhou", T1, "admin");
        s.org().insertHandover(new io.siyu.api.org.HandoverRequest(io.siyu.api.org.HandoverRequest.Kind.IN_SERVICE,
                "zhou", "li", List.of(c.id()), List.of(), null), T1, "admin",
                List.of(new io.siyu.api.org.HandoverResult.CustomerOutcome(c.id(),
                        io.siyu.api.org.HandoverResult.Status.WAITING, null)), List.of());
        MergeRecord m = s.identities().merge(b.id(), a.id(), "customerId", "alice", T2);
        return Map.of("a", a.id(), "b", b.id(), "c", c.id(), "merge", m.id(), "segment", seg, "vip", vip.id());
    }

    static byte[] backup(JpaStore s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.backup().export(out, "0.1.0-test", T2, io.siyu.api.backup.BackupProgress.NONE);
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void restoreIntoAnEmptyStoreReproducesEveryRowAndKeepsIds(String from, String to) throws Exception {
        Node source = open(from);
        Map<String, Long> ids = fill(source.store());
        byte[] archive = backup(source.store());

        Node target = open(to);
        Map<String, Long> done = new LinkedHashMap<>();
        BackupSummary summary = target.store().backup().restore(new ByteArrayInputStream(archive), RESTORED_AT,
                (table, rows, finished) -> {
                    if (finished) {
                        done.put(table, rows);
                    }
                });

        // every backed-up table, row for row, column for column
        for (BackupTables.Table t : BackupTables.TABLES) {
            assertEquals(dump(source.dataSource(), t), dump(target.dataSource(), t), t.name());
        }
        assertEquals(2L, summary.rows().get("customer"));
        // four events, the merge's customer.merged and the tag history of the fixture
        assertEquals(5L + tagHistory(source.dataSource()), summary.rows().get("customer_event"));
        assertEquals(summary.rows(), done);
        assertEquals(SchemaMigrator.latestVersion(), summary.schemaVersion());

        // and as the services read it
        JpaStore s = source.store();
        JpaStore t = target.store();
        for (long id : List.of(ids.get("a"), ids.get("c"))) {
            Customer original = s.customers().find(id).orElseThrow();
            Customer restored = t.customers().find(id).orElseThrow();
            // the store does not order identities (see StoreContract): compare them as a set
            assertEquals(Set.copyOf(original.identities()), Set.copyOf(restored.identities()));
            assertEquals(withoutIdentities(original), withoutIdentities(restored));
            assertEquals(s.events().timeline(id, new PageRequest(0, 50)), t.events().timeline(id, new PageRequest(0, 50)));
            assertEquals(s.consents().current(id), t.consents().current(id));
            assertEquals(s.identities().history(id), t.identities().history(id));
        }
        assertEquals(LocalDate.of(1990, 5, 17), t.customers().find(ids.get("a")).orElseThrow().attributes().get("birthday"));
        assertEquals(s.tags().list(), t.tags().list());
        // follow_event is not in the archive: the restore derives it from the events
        assertEquals(1L, t.channelStats().followsPerMinute("wechat-oa/main", T1, 1).get("follow")[0]);
        assertEquals(s.segments().list(), t.segments().list());
        assertTrue(Arrays.equals(s.segments().membership(ids.get("segment")).orElseThrow().members(),
                t.segments().membership(ids.get("segment")).orElseThrow().members()));
        assertEquals(s.attributeDefinitions().list(), t.attributeDefinitions().list());
        assertEquals(s.org().units(), t.org().units());
        assertEquals(s.org().allStaff(), t.org().allStaff());
        assertEquals(s.org().handoversOf("zhou", 0, 10), t.org().handoversOf("zhou", 0, 10));
        assertEquals(List.of("zhou"), t.org().sharesOf(ids.get("c")));
        assertEquals(s.settings().get(io.siyu.store.IdentityRepository.STRATEGIES_SETTING), t.settings().get(io.siyu.store.IdentityRepository.STRATEGIES_SETTING));
        assertEquals(ids.get("a"), t.identities().resolve(ids.get("b")).orElseThrow(), "the merged id is still an alias");

        // the segment indexes of running nodes learn of every restored customer
        assertEquals(2, count(target.dataSource(), "SELECT COUNT(DISTINCT customer_id) FROM customer_change"));

        // the merge can still be undone on the restored instance
        t.identities().undo(ids.get("merge"), "bob", RESTORED_AT);
        assertEquals("Wang Xiaoming", t.customers().find(ids.get("b")).orElseThrow().displayName());
    }

    private static long tagHistory(javax.sql.DataSource ds) throws Exception {
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM customer_event WHERE event_type LIKE 'tag.%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void newRowsAfterARestoreGetFreshIds(String from, String to) throws Exception {
        Node source = open(from);
        Map<String, Long> ids = fill(source.store());
        Node target = open(to);
        JpaStore t = target.store();
        // a node that already created (and deleted) a customer and a tag holds a block of ids in memory
        t.customers().delete(t.customers().insert(new CustomerDraft("gone", null, null, null), T0).id(), T0);
        t.tags().delete(t.tags().insert(new TagDraft("g", "gone", null), T0).id(), T0);
        try (java.sql.Connection c = target.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM tag_group"); // the tag's group stays when the tag goes
        }
        t.backup().restore(new ByteArrayInputStream(backup(source.store())), RESTORED_AT,
                io.siyu.api.backup.BackupProgress.NONE);
        long maxCustomer = Math.max(ids.get("a"), Math.max(ids.get("b"), ids.get("c")));
        long maxEvent = count(target.dataSource(), "SELECT MAX(seq) FROM customer_event");
        long maxConsent = count(target.dataSource(), "SELECT MAX(seq) FROM consent_history");

        Tag tag = t.tags().insert(new TagDraft("level", "VVIP", null), T2);
        Customer fresh = t.customers().insert(new CustomerDraft("New", List.of(
                ChannelIdentity.of(IdentityType.PHONE, "+8613700000000")), Set.of(tag.id()), null), T2);
        // an event for an unknown identity creates its customer from the shared id blocks
        t.events().ingest(List.of(new NewEvent("n1", "order", T2, "shop/main", null,
                ChannelIdentity.of(IdentityType.PHONE, "+8613700000001"), "{}", List.of(), BigDecimal.TEN)), T2);
        t.consents().record(new Consent(fresh.id(), "sms", ConsentState.OPTED_IN, T2, "form"), T2);
        long segment = t.segments().insert("new", "d", "{}", T2).id();
        MergeRecord merge = t.identities().merge(fresh.id(), ids.get("c"), "customerId", "bob", T2);

        assertTrue(fresh.id() > maxCustomer, "customer " + fresh.id());
        assertTrue(tag.id() > ids.get("vip"), "tag " + tag.id());
        long created = t.customers().findIdByIdentity(ChannelIdentity.of(IdentityType.PHONE, "+8613700000001")).orElseThrow();
        assertTrue(created > maxCustomer && created != fresh.id(), "customer " + created);
        assertTrue(count(target.dataSource(), "SELECT MAX(seq) FROM customer_event") > maxEvent);
        assertTrue(count(target.dataSource(), "SELECT MAX(seq) FROM consent_history") > maxConsent);
        assertTrue(segment > ids.get("segment"), "segment " + segment);
        assertTrue(merge.id() > ids.get("merge"), "merge " + merge.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void restoreIntoAStoreHoldingDataIsRefusedAndChangesNothing(String kind) throws Exception {
        Node source = open(kind);
        fill(source.store());
        byte[] archive = backup(source.store());
        Node target = open(kind);
        target.store().customers().insert(new CustomerDraft("已有", List.of(
                ChannelIdentity.of(IdentityType.PHONE, "+8613800138000")), null, null), T0);
        target.store().settings().put("local", "kept");
        Map<String, List<List<Object>>> before = dumpAll(target.dataSource());

        ConflictException e = assertThrows(ConflictException.class, () -> target.store().backup()
                .restore(new ByteArrayInputStream(archive), RESTORED_AT, io.siyu.api.backup.BackupProgress.NONE));
        assertTrue(e.getMessage().contains("empty instance") && e.getMessage().contains("customer"), e.getMessage());
        assertEquals(before, dumpAll(target.dataSource()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void truncatedArchiveIsRefusedAndLeavesTheStoreEmpty(String kind) throws Exception {
        Node source = open(kind);
        fill(source.store());
        byte[] archive = backup(source.store());
        Node target = open(kind);

        ValidationException e = assertThrows(ValidationException.class, () -> target.store().backup().restore(
                new ByteArrayInputStream(Arrays.copyOf(archive, archive.length * 2 / 3)), RESTORED_AT,
                io.siyu.api.backup.BackupProgress.NONE));
        assertEquals("archive", e.errors().get(0).field());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertStoreEmpty(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void damagedTableFileIsRefusedByItsChecksum(String kind) throws Exception {
        Node source = open(kind);
        fill(source.store());
        byte[] damaged = rewrite(backup(source.store()), "tables/customer_event.jsonl",
                b -> new String(b, StandardCharsets.UTF_8).replace("199.9", "999.9").getBytes(StandardCharsets.UTF_8), false);
        Node target = open(kind);

        ValidationException e = assertThrows(ValidationException.class, () -> target.store().backup().restore(
                new ByteArrayInputStream(damaged), RESTORED_AT, io.siyu.api.backup.BackupProgress.NONE));
        assertTrue(e.getMessage().contains("customer_event.jsonl is damaged"), e.getMessage());
        assertStoreEmpty(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void aFailureHalfwayRollsEverythingBackAndALaterRestoreSucceeds(String kind) throws Exception {
        Node source = open(kind);
        fill(source.store());
        byte[] archive = backup(source.store());
        // consistent checksums, but a late table names a tag that does not exist
        byte[] bad = rewrite(archive, "tables/customer_tag.jsonl",
                b -> (new String(b, StandardCharsets.UTF_8) + "\n[1,987654]").getBytes(StandardCharsets.UTF_8), true);
        Node target = open(kind);

        ValidationException e = assertThrows(ValidationException.class, () -> target.store().backup().restore(
                new ByteArrayInputStream(bad), RESTORED_AT, io.siyu.api.backup.BackupProgress.NONE));
        assertEquals("archive", e.errors().get(0).field());
        assertStoreEmpty(target);

        target.store().backup().restore(new ByteArrayInputStream(archive), RESTORED_AT, io.siyu.api.backup.BackupProgress.NONE);
        assertEquals(2, target.store().customers().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void archiveFromANewerSchemaIsRefused(String kind) throws Exception {
        Node source = open(kind);
        fill(source.store());
        byte[] newer = rewrite(backup(source.store()), BackupManifest.ENTRY, b -> {
            try {
                ObjectNode m = (ObjectNode) JSON.readTree(b);
                m.put("schemaVersion", SchemaMigrator.latestVersion() + 1);
                return JSON.writeValueAsBytes(m);
            } catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
        }, false);
        Node target = open(kind);

        ValidationException e = assertThrows(ValidationException.class, () -> target.store().backup().restore(
                new ByteArrayInputStream(newer), RESTORED_AT, io.siyu.api.backup.BackupProgress.NONE));
        assertEquals("archive.schemaVersion", e.errors().get(0).field());
        assertStoreEmpty(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void archiveFromAnOlderSchemaRestoresTheTablesItHas(String kind) throws Exception {
        Node source = open(kind);
        fill(source.store());
        Map<String, byte[]> entries = entries(backup(source.store()));
        // as schema version 7 wrote it: no identity merge tables (V8)
        Set<String> v8 = Set.of("customer_merge", "customer_alias", "merge_identity", "merge_tag", "merge_attribute", "merge_moved");
        ObjectNode m = (ObjectNode) JSON.readTree(entries.get(BackupManifest.ENTRY));
        m.put("schemaVersion", 7);
        var tables = m.withArray("tables");
        for (int i = tables.size() - 1; i >= 0; i--) {
            if (v8.contains(tables.get(i).get("name").asText())) {
                entries.remove(tables.get(i).get("file").asText());
                tables.remove(i);
            }
        }
        entries.put(BackupManifest.ENTRY, JSON.writeValueAsBytes(m));
        ByteArrayOutputStream older = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(older)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Node target = open(kind);

        BackupSummary summary = target.store().backup().restore(new ByteArrayInputStream(older.toByteArray()), RESTORED_AT,
                io.siyu.api.backup.BackupProgress.NONE);
        assertEquals(7, summary.schemaVersion());
        assertFalse(summary.rows().containsKey("customer_merge"));
        assertEquals(dump(source.dataSource(), BackupTables.table("customer")), dump(target.dataSource(), BackupTables.table("customer")));
        assertEquals(0, count(target.dataSource(), "SELECT COUNT(*) FROM customer_merge"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void somethingThatIsNotAnArchiveIsRefused(String kind) throws Exception {
        Node target = open(kind);
        ValidationException e = assertThrows(ValidationException.class, () -> target.store().backup().restore(
                new ByteArrayInputStream("id,name\n1,x\n".getBytes(StandardCharsets.UTF_8)), RESTORED_AT,
                io.siyu.api.backup.BackupProgress.NONE));
        assertEquals("archive", e.errors().get(0).field());
        assertStoreEmpty(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void archiveHasAManifestWithVersionsCountsAndChecksums(String kind) throws Exception {
        Node source = open(kind);
        fill(source.store());
        Map<String, byte[]> entries = entries(backup(source.store()));
        var m = JSON.readTree(entries.get(BackupManifest.ENTRY));
        assertEquals("siyu-backup", m.get("format").asText());
        assertEquals(SchemaMigrator.latestVersion(), m.get("schemaVersion").asInt());
        assertEquals("0.1.0-test", m.get("siyuVersion").asText());
        assertEquals(T2.toString(), m.get("createdAt").asText());
        assertEquals(kind, m.get("sourceDatabase").asText());
        assertEquals(BackupTables.TABLES.size(), m.get("tables").size());
        for (var t : m.get("tables")) {
            byte[] file = entries.get(t.get("file").asText());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), t.get("sha256").asText());
            long lines = file.length == 0 ? 0 : new String(file, StandardCharsets.UTF_8).split("\n").length;
            assertEquals(t.get("rows").asLong(), lines, t.get("name").asText());
        }
        assertFalse(entries.containsKey("tables/customer_change.jsonl"), "the change log is transient");
    }

    private static Customer withoutIdentities(Customer c) {
        return new Customer(c.id(), c.displayName(), List.of(), c.tags(), c.attributes(), c.createdAt(), c.updatedAt(), c.version());
    }

    private static void assertStoreEmpty(Node n) throws Exception {
        for (BackupTables.Table t : BackupTables.TABLES) {
            assertEquals(List.of(), dump(n.dataSource(), t), t.name());
        }
        assertEquals(0, count(n.dataSource(), "SELECT COUNT(*) FROM customer_change"));
    }

    static Map<String, List<List<Object>>> dumpAll(DataSource ds) throws Exception {
        Map<String, List<List<Object>>> all = new LinkedHashMap<>();
        for (BackupTables.Table t : BackupTables.TABLES) {
            all.put(t.name(), dump(ds, t));
        }
        return all;
    }

    /**
     * Every row of a table as comparable values, independent of the dialect's Java types. Tags are
     * links on either store (PostgreSQL's arrays unnested, as the archive holds them).
     */
    static List<List<Object>> dump(DataSource ds, BackupTables.Table t) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery((t.name().equals("customer_tag") ? TagSets.of(c).links()
                        : "SELECT * FROM " + t.name()) + " ORDER BY " + t.orderBy())) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (md.getColumnName(i).equalsIgnoreCase(BackupTables.CUSTOMER_TAGS)) {
                        continue;
                    }
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Blob blob) {
                        v = blob.getBytes(1, (int) blob.length());
                    }
                    row.add(md.getColumnName(i).toLowerCase() + "=" + comparable(v));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String comparable(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n) {
            return Long.toString(n.longValue());
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().toString();
        }
        return v.toString();
    }

    static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, byte[]> entries(byte[] zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** The archive with one entry changed; {@code fixChecksum} updates the manifest to match, as a forger would. */
    static byte[] rewrite(byte[] zip, String name, UnaryOperator<byte[]> change, boolean fixChecksum) throws Exception {
        Map<String, byte[]> entries = entries(zip);
        byte[] changed = change.apply(entries.get(name));
        entries.put(name, changed);
        if (fixChecksum) {
            ObjectNode m = (ObjectNode) JSON.readTree(entries.get(BackupManifest.ENTRY));
            for (var t : m.get("tables")) {
                if (t.get("file").asText().equals(name)) {
                    ((ObjectNode) t).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(changed)));
                    ((ObjectNode) t).put("rows", t.get("rows").asLong() + 1);
                }
            }
            entries.put(BackupManifest.ENTRY, JSON.writeValueAsBytes(m));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
