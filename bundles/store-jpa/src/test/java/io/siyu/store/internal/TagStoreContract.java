package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
import io.siyu.api.customer.TagUpdate;
import io.siyu.store.NewEvent;
import io.siyu.store.NewTag;
import io.siyu.store.Retagged;
import io.siyu.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tag groups, personal and auto tags, bulk tagging and tag history, on each supported database. */
abstract class TagStoreContract {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-02T09:30:00Z");

    DataSource dataSource;
    EntityManagerFactory emf;
    JpaStore store;

    abstract DataSource freshDatabase();

    @BeforeEach
    void open() {
        dataSource = freshDatabase();
        emf = TestDatabases.entityManagerFactory(dataSource);
        store = new JpaStore(emf, dataSource);
    }

    @AfterEach
    void close() {
        emf.close();
    }

    private TagGroup group(String name) {
        return store.tags().insertGroup(new TagGroupDraft(name, null, null), T0);
    }

    private TagDefinition tag(TagGroup g, String name, TagKind kind, String owner, TagRule rule) {
        return store.tags().insert(new NewTag(g.id(), name, kind, 0, null, owner, rule), T0);
    }

    private Customer customer(String name) {
        return store.customers().insert(new CustomerDraft(name, null, null, null), T0);
    }

    private List<StoredEvent> tagEvents(long customerId) {
        return store.events().timeline(customerId, PageRequest.first(100)).items().stream()
                .filter(e -> e.type().startsWith("tag.")).toList();
    }

    private long changeRows(long customerId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customer_change WHERE customer_id = ?")) {
            ps.setLong(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void groupsAreOrderedRowsAndRenamingAGroupRenamesItOnEveryTag() {
        Tag vip = store.tags().insert(new TagDraft("层级", "VIP", null), T0);
        TagGroup source = store.tags().insertGroup(new TagGroupDraft("来源", -1, "et-source"), T0);
        assertEquals(List.of("来源", "层级"), store.tags().groups().stream().map(TagGroup::name).toList());
        assertEquals("et-source", source.externalId());

        TagGroup level = store.tags().findGroupByName("层级").orElseThrow();
        store.tags().updateGroup(level.id(), new TagGroupDraft("客户层级", 5, null), T1);
        Customer c = store.customers().insert(new CustomerDraft("A", null, Set.of(vip.id()), null), T0);
        assertEquals("客户层级", store.customers().find(c.id()).orElseThrow().tags().get(0).group());
        assertEquals(level.id(), store.tags().findDefinition(vip.id()).orElseThrow().groupId());
        assertThrows(ConflictException.class, () -> store.tags().updateGroup(source.id(), new TagGroupDraft("客户层级", null, null), T1));
        assertThrows(ConflictException.class, () -> group("来源"));
    }

    @Test
    void movingATagChangesItsGroupAndARenameKeepsItsId() {
        TagGroup a = group("a");
        TagGroup b = group("b");
        TagDefinition t = tag(a, "t", TagKind.ENTERPRISE, null, null);
        TagDefinition moved = store.tags().update(t.id(), new TagUpdate("t2", b.id(), 3, "wecom-1", null), T1).orElseThrow();
        assertEquals(new TagDefinition(t.id(), b.id(), "b", "t2", TagKind.ENTERPRISE, 3, "wecom-1", null, null), moved);
        tag(a, "t2", TagKind.ENTERPRISE, null, null);
        assertThrows(ConflictException.class, () -> store.tags().update(moved.id(), new TagUpdate(null, a.id(), null, null, null), T1));
        assertEquals("b", store.tags().find(t.id()).orElseThrow().group());
    }

    @Test
    void aGroupWithTagsIsOnlyDeletedByForceWhichTakesItsTagsOffCustomersOnTheTimeline() throws SQLException {
        TagGroup g = group("g");
        TagDefinition t = tag(g, "t", TagKind.ENTERPRISE, null, null);
        Customer c = store.customers().insert(new CustomerDraft("A", null, Set.of(t.id()), null), T0);
        assertThrows(ConflictException.class, () -> store.tags().deleteGroup(g.id(), false, "admin", T1));
        assertTrue(store.tags().findDefinition(t.id()).isPresent());

        long changesBefore = changeRows(c.id());
        assertTrue(store.tags().deleteGroup(g.id(), true, "admin", T1));
        assertTrue(store.tags().findGroup(g.id()).isEmpty());
        assertTrue(store.tags().find(t.id()).isEmpty());
        Customer after = store.customers().find(c.id()).orElseThrow();
        assertTrue(after.tags().isEmpty());
        assertTrue(after.version() > c.version());
        assertEquals(List.of("tag.removed", "tag.added"), tagEvents(c.id()).stream().map(StoredEvent::type).toList());
        assertTrue(tagEvents(c.id()).get(0).propertiesJson().contains("\"by\":\"admin\""));
        assertEquals(changesBefore + 1, changeRows(c.id()));
        assertFalse(store.tags().deleteGroup(g.id(), true, "admin", T1));
        TagGroup empty = group("empty");
        assertTrue(store.tags().deleteGroup(empty.id(), false, "admin", T1));
    }

    @Test
    void twoStaffMayEachHaveAPersonalTagOfTheSameName() {
        TagGroup mine = group("我的");
        tag(mine, "待跟进", TagKind.PERSONAL, "li", null);
        tag(mine, "待跟进", TagKind.PERSONAL, "wang", null);
        assertThrows(ConflictException.class, () -> tag(mine, "待跟进", TagKind.PERSONAL, "li", null));
        assertEquals(2, store.tags().definitions().size());
    }

    @Test
    void anUpdateReplacesOnlyTheTagsTheActorMayChangeByHand() {
        TagGroup g = group("g");
        TagDefinition shared = tag(g, "shared", TagKind.ENTERPRISE, null, null);
        TagDefinition lis = tag(g, "li-only", TagKind.PERSONAL, "li", null);
        TagDefinition auto = tag(g, "buyer", TagKind.AUTO, null, TagRule.atLeast("order", 1));
        Customer c = store.customers().insert(new CustomerDraft("A", null, Set.of(shared.id(), lis.id()), null), T0, "li");
        store.tags().retag(auto.id(), List.of(c.id()), List.of(), "rule:" + auto.id(), T0);

        // wang replaces the tags with none: li's personal tag and the auto tag stay
        Customer byWang = store.customers().update(c.id(), new CustomerDraft("A", null, Set.of(), null), null, T1, "wang").orElseThrow();
        assertEquals(Set.of(lis.id(), auto.id()), ids(byWang.tags()));
        // wang cannot put li's personal tag on another customer: it looks unknown
        Customer other = customer("B");
        ValidationException unknown = assertThrows(ValidationException.class, () -> store.customers().update(other.id(),
                new CustomerDraft("B", null, Set.of(lis.id(), shared.id()), null), null, T1, "wang"));
        assertEquals("tagIds", unknown.errors().get(0).field());
        assertTrue(store.customers().find(other.id()).orElseThrow().tags().isEmpty());
        assertEquals(Set.of(lis.id(), auto.id()), ids(store.customers().find(c.id()).orElseThrow().tags()));
        // li takes her tag off; repeating the auto tag the customer carries is fine
        Customer byLi = store.customers().update(c.id(), new CustomerDraft("A", null, Set.of(auto.id()), null), null, T1, "li").orElseThrow();
        assertEquals(Set.of(auto.id()), ids(byLi.tags()));
    }

    @Test
    void anAutoTagCannotBePutOnByHand() {
        TagGroup g = group("g");
        TagDefinition auto = tag(g, "buyer", TagKind.AUTO, null, TagRule.atLeast("order", 2));
        ValidationException e = assertThrows(ValidationException.class, () -> store.customers().insert(
                new CustomerDraft("A", null, Set.of(auto.id()), null), T0, "li"));
        assertEquals("tagIds", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("g/buyer"), e.getMessage());
        assertEquals(0, store.customers().count());
        assertEquals(TagRule.atLeast("order", 2), store.tags().findDefinition(auto.id()).orElseThrow().rule());
    }

    @Test
    void tagChangesOfAnUpdateAreOnTheTimelineNamingWhoMadeThem() throws SQLException {
        TagGroup g = group("层级");
        TagDefinition a = tag(g, "A\"级", TagKind.ENTERPRISE, null, null);
        TagDefinition b = tag(g, "B级", TagKind.ENTERPRISE, null, null);
        Customer c = store.customers().insert(new CustomerDraft("X", null, Set.of(a.id()), null), T0, "li");
        store.customers().update(c.id(), new CustomerDraft("X", null, Set.of(b.id()), null), null, T1, "wang");
        store.customers().update(c.id(), new CustomerDraft("Y", null, Set.of(b.id()), null), null, T1, "wang");

        List<StoredEvent> history = tagEvents(c.id());
        assertEquals(3, history.size());
        StoredEvent first = history.stream().filter(e -> e.occurredAt().equals(T0)).findFirst().orElseThrow();
        assertEquals("tag.added", first.type());
        assertEquals("siyu", first.channel());
        assertEquals("{\"tagId\":" + a.id() + ",\"tagName\":\"A\\\"级\",\"group\":\"层级\",\"by\":\"li\"}", first.propertiesJson());
        assertEquals(Set.of("tag.added:" + b.id() + ":wang", "tag.removed:" + a.id() + ":wang"), history.stream()
                .filter(e -> e.occurredAt().equals(T1))
                .map(e -> e.type() + ":" + e.propertiesJson().replaceAll(".*\"tagId\":(\\d+).*\"by\":\"(\\w+)\".*", "$1:$2"))
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals(3, changeRows(c.id()));
    }

    @Test
    void retagPutsOnAndTakesOffInOneTransactionWithHistoryChangeRowsAndNewVersions() throws SQLException {
        TagGroup g = group("g");
        TagDefinition t = tag(g, "t", TagKind.ENTERPRISE, null, null);
        Customer c1 = customer("1");
        Customer c2 = store.customers().insert(new CustomerDraft("2", null, Set.of(t.id()), null), T0);
        Customer c3 = store.customers().insert(new CustomerDraft("3", null, Set.of(t.id()), null), T0);

        Retagged r = store.tags().retag(t.id(), List.of(c1.id(), c2.id()), List.of(c3.id()), "admin", T1);
        assertEquals(new Retagged(1, 1, Set.of()), r);
        assertEquals(Set.of(c1.id(), c2.id()), store.tags().holders(t.id(), List.of(c1.id(), c2.id(), c3.id())));
        assertEquals(List.of("tag.added"), tagEvents(c1.id()).stream().map(StoredEvent::type).toList());
        assertEquals(1, tagEvents(c2.id()).size());
        assertEquals(List.of("tag.removed", "tag.added"), tagEvents(c3.id()).stream().map(StoredEvent::type).toList());
        assertTrue(store.customers().find(c1.id()).orElseThrow().version() > c1.version());
        assertEquals(c2.version(), store.customers().find(c2.id()).orElseThrow().version());
        assertEquals(T1, store.customers().find(c3.id()).orElseThrow().updatedAt());
        assertEquals(2, changeRows(c1.id()));
        assertEquals(1, changeRows(c2.id()));
        assertEquals(Map.of(t.id(), 2L), store.tags().customerCounts());
    }

    @Test
    void retagNamingAnUnknownCustomerStoresNothing() throws SQLException {
        TagGroup g = group("g");
        TagDefinition t = tag(g, "t", TagKind.ENTERPRISE, null, null);
        Customer c1 = customer("1");
        Retagged r = store.tags().retag(t.id(), List.of(c1.id(), 987_654L), List.of(), "admin", T1);
        assertEquals(Set.of(987_654L), r.unknownCustomers());
        assertEquals(0, r.added());
        assertTrue(store.tags().holders(t.id(), List.of(c1.id())).isEmpty());
        assertTrue(tagEvents(c1.id()).isEmpty());
        assertEquals(1, changeRows(c1.id()));
        assertEquals(Set.of(987_654L), store.tags().missingCustomers(List.of(c1.id(), 987_654L)));
    }

    @Test
    void rulesReadEventPropertiesPerCustomerSinceAnInstantAndFindTheCustomersOfEvents() {
        Customer c1 = customer("1");
        Customer c2 = customer("2");
        store.events().ingest(List.of(
                new NewEvent("o1", "order", T0, "api", c1.id(), null, "{\"amount\":10}"),
                new NewEvent("o2", "order", T1, "api", c1.id(), null, "{\"amount\":20}"),
                new NewEvent("v1", "store.visit", T1, "api", c2.id(), null, "{}")), T1);
        assertEquals(Map.of(c1.id(), List.of("{\"amount\":20}")), store.tags().eventProperties("order", T1, List.of(c1.id(), c2.id())));
        assertEquals(2, store.tags().eventProperties("order", null, List.of(c1.id())).get(c1.id()).size());
        assertEquals(Set.of(c1.id(), c2.id()), store.tags().customersOfEvents(List.of("o2", "v1", "nope")));
        assertEquals(List.of(c2.id()), store.tags().customerIdsAfter(c1.id(), 10));
        assertEquals(List.of(c1.id()), store.tags().customerIdsAfter(0, 1));
    }

    @Test
    void upgradingToTagArraysKeepsEveryCustomersTags() throws Exception {
        DataSource old = freshDatabase();
        assertEquals(25, new SchemaMigrator(old).migrate(25));
        try (Connection c = old.getConnection(); java.sql.Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("INSERT INTO tag_group (id, name, sort_order, created_at) VALUES (900, '层级', 0, CURRENT_TIMESTAMP)");
            st.execute("INSERT INTO tag (id, group_id, group_name, name, kind, created_at) VALUES"
                    + " (1, 900, '层级', 'VIP', 'ENTERPRISE', CURRENT_TIMESTAMP), (2, 900, '层级', '普通', 'ENTERPRISE', CURRENT_TIMESTAMP)");
            st.execute("INSERT INTO customer (id, display_name, created_at, updated_at, version) VALUES"
                    + " (101, '甲', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1), (102, '乙', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1),"
                    + " (103, '丙', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)");
            st.execute("INSERT INTO customer_tag (customer_id, tag_id) VALUES (101, 1), (101, 2), (102, 2)");
        }
        EntityManagerFactory oldEmf = TestDatabases.entityManagerFactory(old);
        try {
            JpaStore upgraded = new JpaStore(oldEmf, old);
            assertEquals(Set.of(1L, 2L), ids(upgraded.customers().find(101).orElseThrow().tags()));
            assertEquals(Set.of(2L), ids(upgraded.customers().find(102).orElseThrow().tags()));
            assertEquals(Set.of(), ids(upgraded.customers().find(103).orElseThrow().tags()));
            assertEquals(Map.of(1L, 1L, 2L, 2L), upgraded.tags().customerCounts());
            assertEquals(Set.of(101L, 102L), upgraded.tags().holders(2, List.of(101L, 102L, 103L)));
        } finally {
            oldEmf.close();
        }
    }

    @Test
    void migrationMakesAGroupOfEveryGroupNameWithoutIdClashes() throws Exception {
        DataSource old = freshDatabase();
        assertEquals(6, new SchemaMigrator(old).migrate(6));
        try (Connection c = old.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tag (id, group_name, name, kind, created_at) VALUES (?, ?, ?, 'ENTERPRISE', ?)")) {
            c.setAutoCommit(true);
            // the old build took ids 1..50 from tag_seq's first block
            try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    new SchemaMigrator(old).dialect() == SchemaMigrator.Dialect.DERBY
                            ? "VALUES NEXT VALUE FOR tag_seq" : "SELECT nextval('tag_seq')")) {
                assertTrue(rs.next()); // Derby draws the value only when the row is fetched
            }
            Object[][] rows = {{1L, "层级", "VIP"}, {2L, "层级", "普通"}, {3L, "来源", "门店"}};
            for (Object[] row : rows) {
                ps.setLong(1, (Long) row[0]);
                ps.setString(2, (String) row[1]);
                ps.setString(3, (String) row[2]);
                ps.setTimestamp(4, new InstantConverter().convertToDatabaseColumn(T0));
                ps.executeUpdate();
            }
        }
        EntityManagerFactory oldEmf = TestDatabases.entityManagerFactory(old);
        try {
            JpaStore upgraded = new JpaStore(oldEmf, old);
            assertEquals(Map.of("层级", 1L, "来源", 3L), upgraded.tags().groups().stream()
                    .collect(java.util.stream.Collectors.toMap(TagGroup::name, TagGroup::id)));
            assertEquals(1L, upgraded.tags().findDefinition(2).orElseThrow().groupId());
            TagGroup fresh = upgraded.tags().insertGroup(new TagGroupDraft("新", null, null), T1);
            assertFalse(Set.of(1L, 3L).contains(fresh.id()));
            Tag t = upgraded.tags().insert(new TagDraft("新", "x", null), T1);
            assertEquals(fresh.id(), upgraded.tags().findDefinition(t.id()).orElseThrow().groupId());
        } finally {
            oldEmf.close();
        }
    }

    private static Set<Long> ids(List<Tag> tags) {
        return tags.stream().map(Tag::id).collect(java.util.stream.Collectors.toSet());
    }
    /** Rows of the tables PostgreSQL keeps without a key to customer (V21) whose customer is gone. */
    private long orphans() throws SQLException {
        long n = 0;
        try (Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            for (String table : List.of("(" + TagSets.of(c).links() + ")", "customer_attribute", "customer_identity")) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table + " t WHERE NOT EXISTS"
                        + " (SELECT 1 FROM customer c WHERE c.id = t.customer_id)")) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    @Test
    void aMergeTakesAwayEverythingTheMergedProfileHeldAndLeavesNoRowsWithoutACustomer() throws SQLException {
        Tag vip = store.tags().insert(new TagDraft("层级", "VIP", null), T0);
        Customer a = store.customers().insert(new CustomerDraft("甲", List.of(io.siyu.api.customer.ChannelIdentity.of(
                io.siyu.api.customer.IdentityType.EMAIL, "jia@example.com")), Set.of(vip.id()),
                Map.of("region", "上海")), T0);
        Customer b = store.customers().insert(new CustomerDraft("乙", List.of(io.siyu.api.customer.ChannelIdentity.of(
                io.siyu.api.customer.IdentityType.EMAIL, "yi@example.com")), Set.of(vip.id()),
                Map.of("region", "北京")), T0);
        io.siyu.api.customer.MergeRecord m = store.identities().merge(a.id(), b.id(), "customerId", "li", T1);
        assertEquals(0, orphans(), "the merged-away profile's tag and older attribute went with it");
        store.identities().undo(m.id(), "li", T1);
        assertEquals(0, orphans());
        assertEquals(Set.of(vip.id()), Set.copyOf(store.customers().find(m.mergedId()).orElseThrow().tags().stream()
                .map(Tag::id).toList()), "undone: the profile is back with its tag");
    }

    @Test
    void taggingACustomerWhileAMergeTakesItAwayWaitsAndThenFindsItGone() throws Exception {
        Tag vip = store.tags().insert(new TagDraft("层级", "并发", null), T0);
        Customer kept = customer("留下");
        Customer going = customer("并入");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection merging = dataSource.getConnection()) {
            // A merge in flight holds the merged-away customer's row as MergeEngine.lock does, until it commits.
            merging.setAutoCommit(false);
            boolean postgres = SchemaMigrator.Dialect.of(merging) == SchemaMigrator.Dialect.POSTGRESQL;
            if (postgres) {
                execute(merging, "SELECT id FROM customer WHERE id = ? FOR UPDATE", going.id());
            }
            execute(merging, "UPDATE customer SET version = version + 1 WHERE id = ?", going.id());
            java.util.concurrent.Future<Retagged> tagging = pool.submit(() -> store.tags().retag(vip.id(),
                    List.of(going.id(), kept.id()), List.of(), "zhang", T1));
            Thread.sleep(700);
            assertFalse(tagging.isDone(), "the tagging waits for the merge");
            execute(merging, "DELETE FROM customer WHERE id = ?", going.id());
            merging.commit();
            Retagged r = tagging.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(Set.of(going.id()), r.unknownCustomers(), "the customer merged away meanwhile is unknown");
            assertEquals(0, r.added(), "and nothing was tagged");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, orphans());
    }

    private long linksWithoutTag() throws SQLException {
        try (Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (" + TagSets.of(c).links() + ") t WHERE NOT EXISTS"
                        + " (SELECT 1 FROM tag g WHERE g.id = t.tag_id)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void deletingATagWhileAWriterLinksItWaitsForTheWriterAndTakesItsLinkOffToo() throws Exception {
        Tag doomed = store.tags().insert(new TagDraft("层级", "将删", null), T0);
        Customer c1 = customer("甲");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection writing = dataSource.getConnection()) {
            // A writer of links in flight (an import chunk, a customer update, a merge) as the store runs them.
            writing.setAutoCommit(false);
            assertEquals(Set.of(doomed.id()), TagLinks.lockExistingTags(writing, Set.of(doomed.id())));
            TagSets.of(writing).add(writing, c1.id(), Set.of(doomed.id()));
            java.util.concurrent.Future<Boolean> deleting = pool.submit(() -> store.tags().delete(doomed.id(), "li", T1));
            Thread.sleep(700);
            assertFalse(deleting.isDone(), "the delete waits for the writer");
            writing.commit();
            assertTrue(deleting.get(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, linksWithoutTag(), "the link written meanwhile went with its tag");
        assertEquals(Set.of(), Set.copyOf(store.customers().find(c1.id()).orElseThrow().tags()));
    }

    @Test
    void aWriterAfterATagsDeleteFindsItGoneAndLinksNothing() throws Exception {
        Tag kept = store.tags().insert(new TagDraft("层级", "留", null), T0);
        Tag doomed = store.tags().insert(new TagDraft("层级", "删", null), T0);
        store.tags().delete(doomed.id(), "li", T1);
        io.siyu.store.CustomerImports.Row row = new io.siyu.store.CustomerImports.Row(2, new CustomerDraft("丙",
                List.of(io.siyu.api.customer.ChannelIdentity.of(io.siyu.api.customer.IdentityType.EMAIL, "bing@example.com")),
                Set.of(kept.id(), doomed.id()), Map.of()));
        assertThrows(ConflictException.class, () -> store.customerImports().importChunk(List.of(row), false, true, T1),
                "an import naming a tag deleted since its rows were read");
        assertEquals(0, store.customers().count(), "nothing of the chunk was written");
        ValidationException e = assertThrows(ValidationException.class, () -> store.customers().insert(
                new CustomerDraft("丁", null, Set.of(kept.id(), doomed.id()), null), T1));
        assertTrue(e.getMessage().contains("no tag with id " + doomed.id()), e.getMessage());
        assertEquals(0, linksWithoutTag());
    }

    private static void execute(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.execute();
        }
    }
}
