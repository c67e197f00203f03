package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's behaviour, run against each database Siyu supports by the subclasses. */
abstract class StoreContract {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-02T09:30:00Z");

    DataSource dataSource;
    EntityManagerFactory emf;
    JpaStore store;

    abstract DataSource freshDatabase();

    abstract String expectedKind();

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

    static ChannelIdentity phone(String p) {
        return ChannelIdentity.of(IdentityType.PHONE, p);
    }

    @Test
    void freshDatabaseIsMigratedToTheLatestSchema() {
        assertEquals(SchemaMigrator.latestVersion(), store.schemaVersion());
        assertEquals(expectedKind(), store.kind());
        store.ping();
    }

    @Test
    void customerRoundTripsWithIdentitiesTagsAndTypedAttributes() {
        Tag vip = store.tags().insert(new TagDraft("level", "VIP", TagKind.ENTERPRISE), T0);
        Customer created = store.customers().insert(new CustomerDraft("王小明",
                List.of(phone("+8613800138000"), ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "ww1", "wmABC")),
                Set.of(vip.id()),
                Map.of("city", "上海", "orders", 3L, "vip", true, "spent", new BigDecimal("1999.50"))), T0);

        Customer read = store.customers().find(created.id()).orElseThrow();
        assertEquals("王小明", read.displayName());
        assertEquals(Set.copyOf(created.identities()), Set.copyOf(read.identities()));
        assertEquals(List.of(vip), read.tags());
        assertEquals(Map.of("city", "上海", "orders", 3L, "vip", true, "spent", new BigDecimal("1999.50")), read.attributes());
        assertEquals(T0, read.createdAt());
        assertEquals(T0, read.updatedAt());
    }

    @Test
    void anIdentityBelongsToOneCustomerOnly() {
        store.customers().insert(new CustomerDraft("A", List.of(phone("+8613800000001")), null, null), T0);
        ConflictException e = assertThrows(ConflictException.class, () -> store.customers().insert(
                new CustomerDraft("B", List.of(phone("+8613800000001")), null, null), T0));
        assertTrue(e.getMessage().contains("+8613800000001"), e.getMessage());
        assertEquals(1, store.customers().count());
    }

    @Test
    void unknownTagIsRefusedAndNothingIsStored() {
        ValidationException e = assertThrows(ValidationException.class, () -> store.customers().insert(
                new CustomerDraft("A", List.of(phone("+8613800000002")), Set.of(987654L), null), T0));
        assertEquals("tagIds", e.errors().get(0).field());
        assertEquals(0, store.customers().count());
        assertTrue(store.customers().findIdByIdentity(phone("+8613800000002")).isEmpty());
    }

    @Test
    void updateReplacesContentAndBumpsTheVersion() {
        Tag a = store.tags().insert(new TagDraft("g", "a", null), T0);
        Tag b = store.tags().insert(new TagDraft("g", "b", null), T0);
        Customer c = store.customers().insert(new CustomerDraft("Old",
                List.of(phone("+8613800000003")), Set.of(a.id()), Map.of("x", "1")), T0);

        Customer u = store.customers().update(c.id(), new CustomerDraft("New",
                List.of(phone("+8613800000003"), ChannelIdentity.of(IdentityType.EMAIL, "new@example.com")),
                Set.of(b.id()), Map.of("y", 2L)), c.version(), T1).orElseThrow();

        assertEquals("New", u.displayName());
        assertEquals(2, u.identities().size());
        assertEquals(List.of(b), u.tags());
        assertEquals(Map.of("y", 2L), u.attributes());
        assertEquals(T1, u.updatedAt());
        assertEquals(T0, u.createdAt());
        assertTrue(u.version() > c.version());
        assertEquals(u, store.customers().find(c.id()).orElseThrow());
    }

    @Test
    void eachAttributeAnUpdateChangesIsOnTheTimelineWithItsOldAndNewValueAndWhoChangedIt() {
        Customer c = store.customers().insert(new CustomerDraft("Lead", null, null,
                Map.of("stage", "new", "score", new java.math.BigDecimal("1.0"), "grade", "二年级")), T0, "li");
        store.customers().update(c.id(), new CustomerDraft("Lead", null, null,
                Map.of("stage", "contacted", "score", new java.math.BigDecimal("1.00"), "trial", java.time.LocalDate.of(2026, 11, 9))),
                null, T1, "chen");
        store.customers().update(c.id(), new CustomerDraft("Renamed", null, null,
                Map.of("stage", "contacted", "score", new java.math.BigDecimal("1.00"), "trial", java.time.LocalDate.of(2026, 11, 9))),
                null, T1, "chen");

        List<String> changes = store.events().timeline(c.id(), new PageRequest(0, 10)).items().stream()
                .filter(e -> e.type().equals("attribute.changed")).map(io.siyu.store.StoredEvent::propertiesJson).sorted().toList();
        // the decimal kept its value and the rename changed no attribute: three changes, no more
        assertEquals(List.of(
                "{\"attribute\":\"grade\",\"from\":\"二年级\",\"by\":\"chen\"}",
                "{\"attribute\":\"stage\",\"from\":\"new\",\"to\":\"contacted\",\"by\":\"chen\"}",
                "{\"attribute\":\"trial\",\"to\":\"2026-11-09\",\"by\":\"chen\"}"), changes);
    }

    @Test
    void manyIdsResolveAtOnceToTheirLiveProfilesAndUnknownOnesAreLeftOut() {
        Customer a = store.customers().insert(new CustomerDraft("A", null, null, null), T0);
        Customer b = store.customers().insert(new CustomerDraft("B", null, null, null), T0);
        Customer c = store.customers().insert(new CustomerDraft("C", null, null, null), T0);
        io.siyu.api.customer.MergeRecord m = store.identities().merge(a.id(), b.id(), "customerId", "li", T1);
        long survivor = store.identities().resolve(b.id()).orElseThrow();
        long[] many = java.util.stream.LongStream.concat(java.util.stream.LongStream.of(a.id(), b.id(), c.id(), 9_999_999L, a.id()),
                java.util.stream.LongStream.range(10_000_000L, 10_001_200L)).toArray(); // more than one IN list
        assertEquals(Map.of(a.id(), store.identities().resolve(a.id()).orElseThrow(), b.id(), survivor, c.id(), c.id()),
                store.identities().resolveAll(many));
        assertTrue(m.id() > 0);
    }

    @Test
    void staleVersionIsAConflictAndChangesNothing() {
        Customer c = store.customers().insert(new CustomerDraft("A", null, null, null), T0);
        store.customers().update(c.id(), new CustomerDraft("B", null, null, null), c.version(), T1);
        assertThrows(ConflictException.class, () -> store.customers().update(
                c.id(), new CustomerDraft("C", null, null, null), c.version(), T1));
        assertEquals("B", store.customers().find(c.id()).orElseThrow().displayName());
    }

    @Test
    void searchMatchesNameOrIdentityAndFiltersByTagWithPaging() {
        Tag vip = store.tags().insert(new TagDraft("level", "VIP", null), T0);
        for (int i = 0; i < 25; i++) {
            store.customers().insert(new CustomerDraft("客户" + i, List.of(phone("+86139000000" + String.format("%02d", i))),
                    i % 5 == 0 ? Set.of(vip.id()) : Set.of(), null), T0);
        }
        store.customers().insert(new CustomerDraft("Zhang 100%", List.of(ChannelIdentity.of(IdentityType.EMAIL, "zhang@example.com")), null, null), T0);

        Page<Customer> first = store.customers().search(new CustomerQuery("客户", null, new PageRequest(0, 10)));
        assertEquals(25, first.total());
        assertEquals(10, first.items().size());
        assertTrue(first.hasMore());
        Page<Customer> last = store.customers().search(new CustomerQuery("客户", null, new PageRequest(20, 10)));
        assertEquals(5, last.items().size());
        assertFalse(last.hasMore());

        assertEquals(1, store.customers().search(new CustomerQuery("ZHANG@EXAMPLE", null, PageRequest.first(10))).total());
        assertEquals(1, store.customers().search(new CustomerQuery("100%", null, PageRequest.first(10))).total());
        assertEquals(0, store.customers().search(new CustomerQuery("1000%", null, PageRequest.first(10))).total());
        assertEquals(5, store.customers().search(new CustomerQuery(null, vip.id(), PageRequest.first(10))).total());
        assertEquals(1, store.customers().search(new CustomerQuery("+8613900000010", vip.id(), PageRequest.first(10))).total());
    }

    @Test
    void deletingATagTakesItOffEveryCustomer() {
        Tag t = store.tags().insert(new TagDraft("g", "t", null), T0);
        Customer c = store.customers().insert(new CustomerDraft("A", null, Set.of(t.id()), null), T0);
        assertTrue(store.tags().delete(t.id(), T1));
        assertTrue(store.customers().find(c.id()).orElseThrow().tags().isEmpty());
        assertFalse(store.tags().delete(t.id(), T1));
    }

    @Test
    void duplicateTagNameInAGroupIsAConflict() {
        store.tags().insert(new TagDraft("g", "t", null), T0);
        assertThrows(ConflictException.class, () -> store.tags().insert(new TagDraft("g", "t", null), T0));
        store.tags().insert(new TagDraft("other", "t", null), T0);
        assertEquals(2, store.tags().list().size());
    }

    @Test
    void deletedCustomerIsGoneWithItsIdentities() {
        Customer c = store.customers().insert(new CustomerDraft("A", List.of(phone("+8613800000009")), null, Map.of("k", "v")), T0);
        assertTrue(store.customers().delete(c.id(), T1));
        assertTrue(store.customers().find(c.id()).isEmpty());
        assertFalse(store.customers().delete(c.id(), T1));
        // the identity is free again
        store.customers().insert(new CustomerDraft("B", List.of(phone("+8613800000009")), null, null), T0);
    }

    @Test
    void settingIsStoredOnceByPutIfAbsent() {
        assertTrue(store.settings().putIfAbsent("demo.loaded", "retail"));
        assertFalse(store.settings().putIfAbsent("demo.loaded", "bank"));
        assertEquals("retail", store.settings().get("demo.loaded").orElseThrow());
    }

    private static io.siyu.store.NewEvent event(String id, Instant at, Long customerId, ChannelIdentity identity) {
        return new io.siyu.store.NewEvent(id, "article.view", at, "wechat-oa/main", customerId, identity,
                "{\"articleId\":\"a-" + id + "\"}");
    }

    @Test
    void eventsAreStoredOnceByIdAndReadNewestFirst() {
        Customer c = store.customers().insert(new CustomerDraft("A", null, null, null), T0);
        io.siyu.api.event.IngestResult first = store.events().ingest(List.of(
                event("e1", T0, c.id(), null), event("e2", T1, c.id(), null), event("e1", T1, c.id(), null)), T1);
        assertEquals(2, first.accepted());
        assertEquals(1, first.duplicates());
        io.siyu.api.event.IngestResult retry = store.events().ingest(List.of(event("e2", T1, c.id(), null)), T1);
        assertEquals(0, retry.accepted());
        assertEquals(1, retry.duplicates());

        Page<io.siyu.store.StoredEvent> timeline = store.events().timeline(c.id(), new PageRequest(0, 10));
        assertEquals(2, timeline.total());
        assertEquals(List.of("e2", "e1"), timeline.items().stream().map(io.siyu.store.StoredEvent::id).toList());
        assertEquals(T1, timeline.items().get(0).occurredAt());
        assertEquals("{\"articleId\":\"a-e2\"}", timeline.items().get(0).propertiesJson());
        assertEquals(1, store.events().timeline(c.id(), new PageRequest(1, 10)).items().size());
    }

    @Test
    void anUnknownIdentityCreatesACustomerOnceAndLaterEventsFindIt() {
        ChannelIdentity visitor = ChannelIdentity.of(IdentityType.VISITOR, "v-123");
        Customer before = store.customers().insert(new CustomerDraft("Before", null, null, null), T0);
        io.siyu.api.event.IngestResult r = store.events().ingest(List.of(
                event("v1", T0, null, visitor), event("v2", T1, null, visitor)), T1);
        assertEquals(1, r.createdCustomers());
        long visitorId = store.customers().findIdByIdentity(visitor).orElseThrow();
        assertEquals("访客 v-123", store.customers().find(visitorId).orElseThrow().displayName());
        assertEquals(0, store.events().ingest(List.of(event("v3", T1, null, visitor)), T1).createdCustomers());
        assertEquals(3, store.events().timeline(visitorId, new PageRequest(0, 10)).total());
        // ids handed out by the event path and by EclipseLink never collide
        Customer after = store.customers().insert(new CustomerDraft("After", null, null, null), T1);
        assertEquals(3, java.util.Set.of(before.id(), visitorId, after.id()).size());
    }

    @Test
    void anUnknownCustomerIdRejectsTheWholeBatchAndStoresNothing() {
        Customer c = store.customers().insert(new CustomerDraft("A", null, null, null), T0);
        io.siyu.api.event.IngestResult r = store.events().ingest(List.of(
                event("ok", T0, c.id(), null), event("new", T0, null, phone("+8613811112222")),
                event("bad", T0, 999_999L, null)), T1);
        assertFalse(r.ok());
        assertEquals("events[2].customerId", r.errors().get(0).field());
        assertEquals(0, store.events().count());
        assertTrue(store.customers().findIdByIdentity(phone("+8613811112222")).isEmpty());
    }

    @Test
    void deletingACustomerDeletesItsTimeline() {
        Customer c = store.customers().insert(new CustomerDraft("A", null, null, null), T0);
        store.events().ingest(List.of(event("x1", T0, c.id(), null)), T0);
        assertTrue(store.customers().delete(c.id(), T1));
        assertEquals(0, store.events().count());
    }

    @Test
    void eventsForACustomerBeingDeletedWaitForTheDeleteAndAreRefusedAfterItLeavingNoOrphans() throws Exception {
        Customer doomed = store.customers().insert(new CustomerDraft("D", null, null, null), T0);
        Customer other = store.customers().insert(new CustomerDraft("O", null, null, null), T0);
        store.events().ingest(List.of(event("before", T0, doomed.id(), null)), T0);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection deleting = dataSource.getConnection()) {
            // what a delete does before it commits (JpaCustomerRepository.delete)
            deleting.setAutoCommit(false);
            SchemaMigrator.Dialect dialect = SchemaMigrator.Dialect.of(deleting);
            CustomerLocks.exclusive(deleting, dialect, doomed.id());
            try (PreparedStatement ps = deleting.prepareStatement("DELETE FROM customer_event WHERE customer_id = ?")) {
                ps.setLong(1, doomed.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = deleting.prepareStatement("DELETE FROM customer WHERE id = ?")) {
                ps.setLong(1, doomed.id());
                ps.executeUpdate();
            }
            var ingest = pool.submit(() -> store.events().ingest(List.of(event("late-other", T1, other.id(), null),
                    event("late", T1, doomed.id(), null)), T1));
            Thread.sleep(500);
            assertFalse(ingest.isDone(), "the batch waits for the delete in flight");
            deleting.commit();
            io.siyu.api.event.IngestResult r = ingest.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(r.ok());
            assertEquals("events[1].customerId", r.errors().get(0).field());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, count("SELECT COUNT(*) FROM customer_event e WHERE NOT EXISTS"
                + " (SELECT 1 FROM customer c WHERE c.id = e.customer_id)"));
        assertEquals(0, store.events().timeline(other.id(), PageRequest.first(10)).total(), "nothing of the batch is stored");
    }

    @Test
    void eventsForACustomerBeingMergedAwayWaitForTheMergeAndLandOnTheSurvivor() throws Exception {
        Customer a = store.customers().insert(new CustomerDraft("A", null, null, null), T0);
        Customer b = store.customers().insert(new CustomerDraft("B", null, null, null), T1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection merging = dataSource.getConnection()) {
            merging.setAutoCommit(false);
            io.siyu.api.customer.MergeRecord m = new MergeEngine(SchemaMigrator.Dialect.of(merging))
                    .merge(merging, a.id(), b.id(), io.siyu.api.customer.MergeReason.EXPLICIT, Map.of(), "t", T1);
            assertEquals(b.id(), m.mergedId());
            var ingest = pool.submit(() -> store.events().ingest(List.of(event("late", T1, b.id(), null)), T1));
            Thread.sleep(500);
            assertFalse(ingest.isDone(), "the batch waits for the merge in flight");
            merging.commit();
            assertTrue(ingest.get(60, java.util.concurrent.TimeUnit.SECONDS).ok());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("late"), timelineIds(a.id()).stream().filter(id -> !id.startsWith("siyu-")).toList());
        assertEquals(0, count("SELECT COUNT(*) FROM customer_event e WHERE NOT EXISTS"
                + " (SELECT 1 FROM customer c WHERE c.id = e.customer_id)"));
    }

    private static io.siyu.api.policy.Consent consent(long customer, String channel, io.siyu.api.policy.ConsentState state,
            Instant at, String source) {
        return new io.siyu.api.policy.Consent(customer, channel, state, at, source);
    }

    @Test
    void consentKeepsTheLatestStatementPerChannelEvenWhenCallbacksArriveOutOfOrder() {
        Customer c = store.customers().insert(new CustomerDraft("A", null, null, null), T0);
        var out = io.siyu.api.policy.ConsentState.OPTED_OUT;
        var in = io.siyu.api.policy.ConsentState.OPTED_IN;
        assertEquals(in, store.consents().record(consent(c.id(), "sms", in, T0, "import"), T0).orElseThrow().state());
        assertEquals(out, store.consents().record(consent(c.id(), "sms", out, T1, "sms-reply:TD"), T1).orElseThrow().state());
        // a late delivery of an older statement changes nothing
        var current = store.consents().record(consent(c.id(), "sms", in, T0.plusSeconds(60), "staff:li"), T1).orElseThrow();
        assertEquals(out, current.state());
        assertEquals("sms-reply:TD", current.source());
        store.consents().record(consent(c.id(), "email", in, T0, "form"), T1);
        assertEquals(List.of("email", "sms"), store.consents().current(c.id()).stream()
                .map(io.siyu.api.policy.Consent::channelType).toList());
        assertTrue(store.consents().record(consent(987_654L, "sms", out, T0, "x"), T1).isEmpty());
    }

    private static io.siyu.api.customer.AttributeDefinition custom(String name, io.siyu.api.customer.AttributeType type,
            String... allowed) {
        return new io.siyu.api.customer.AttributeDefinition(name, name + " label", type, List.of(allowed), "d",
                io.siyu.api.customer.AttributeOrigin.CUSTOM);
    }

    private long changesOf(long customerId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customer_change WHERE customer_id = ?")) {
            ps.setLong(1, customerId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void dateAttributesAreStoredAsIsoTextAndReadBackAsLocalDate() throws Exception {
        java.time.LocalDate birthday = java.time.LocalDate.of(1990, 5, 1);
        Customer c = store.customers().insert(new CustomerDraft("A", null, null, Map.of("birthday", birthday)), T0);
        assertEquals(birthday, store.customers().find(c.id()).orElseThrow().attributes().get("birthday"));
        try (Connection db = dataSource.getConnection();
                PreparedStatement ps = db.prepareStatement(
                        "SELECT value_type, value_text FROM customer_attribute WHERE customer_id = ? AND name = 'birthday'")) {
            ps.setLong(1, c.id());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("date", rs.getString(1));
                assertEquals("1990-05-01", rs.getString(2));
            }
        }
    }

    @Test
    void customAttributeDefinitionsRoundTripWithAllowedValuesInOrder() {
        var defs = store.attributeDefinitions();
        defs.insert(custom("tier", io.siyu.api.customer.AttributeType.ENUM, "gold", "silver", "bronze"), T0);
        defs.insert(custom("score", io.siyu.api.customer.AttributeType.INTEGER), T0);
        assertEquals(custom("tier", io.siyu.api.customer.AttributeType.ENUM, "gold", "silver", "bronze"),
                defs.find("tier").orElseThrow());
        assertEquals(List.of("score", "tier"), defs.list().stream().map(io.siyu.api.customer.AttributeDefinition::name).toList());
        assertTrue(defs.find("nope").isEmpty());
        assertThrows(ConflictException.class, () -> defs.insert(custom("tier", io.siyu.api.customer.AttributeType.TEXT), T1));
        assertEquals(io.siyu.api.customer.AttributeType.ENUM, defs.find("tier").orElseThrow().type());
    }

    @Test
    void attributeTypeChangeIsRefusedWhileCustomersHoldValuesAndAllowedWhenNoneDo() {
        var defs = store.attributeDefinitions();
        defs.insert(custom("score", io.siyu.api.customer.AttributeType.TEXT), T0);
        defs.insert(custom("unused", io.siyu.api.customer.AttributeType.TEXT), T0);
        store.customers().insert(new CustomerDraft("A", null, null, Map.of("score", "high")), T0);

        ConflictException e = assertThrows(ConflictException.class,
                () -> defs.update(custom("score", io.siyu.api.customer.AttributeType.INTEGER), T1));
        assertTrue(e.getMessage().contains("1 customer"), e.getMessage());
        assertEquals(io.siyu.api.customer.AttributeType.TEXT, defs.find("score").orElseThrow().type());

        assertEquals(io.siyu.api.customer.AttributeType.INTEGER,
                defs.update(custom("unused", io.siyu.api.customer.AttributeType.INTEGER), T1).orElseThrow().type());
        assertTrue(defs.update(custom("missing", io.siyu.api.customer.AttributeType.TEXT), T1).isEmpty());
    }

    @Test
    void anEnumCannotDropAValueCustomersHoldButMayAddAndReorder() {
        var defs = store.attributeDefinitions();
        defs.insert(custom("tier", io.siyu.api.customer.AttributeType.ENUM, "gold", "silver"), T0);
        store.customers().insert(new CustomerDraft("A", null, null, Map.of("tier", "gold")), T0);
        ConflictException e = assertThrows(ConflictException.class,
                () -> defs.update(custom("tier", io.siyu.api.customer.AttributeType.ENUM, "silver"), T1));
        assertTrue(e.getMessage().contains("gold"), e.getMessage());
        assertEquals(List.of("silver", "bronze", "gold"), defs.update(
                custom("tier", io.siyu.api.customer.AttributeType.ENUM, "silver", "bronze", "gold"), T1)
                .orElseThrow().allowedValues());
    }

    @Test
    void deletingAHeldAttributeIsRefusedUnlessPurgedWhichRemovesTheValuesAndLogsTheChange() throws Exception {
        var defs = store.attributeDefinitions();
        defs.insert(custom("hobby", io.siyu.api.customer.AttributeType.TEXT), T0);
        Customer a = store.customers().insert(new CustomerDraft("A", null, null, Map.of("hobby", "chess", "k", "v")), T0);
        Customer b = store.customers().insert(new CustomerDraft("B", null, null, null), T0);
        assertEquals(1, defs.countHolders("hobby"));

        ConflictException e = assertThrows(ConflictException.class, () -> defs.delete("hobby", false, T1));
        assertTrue(e.getMessage().contains("1 customer"), e.getMessage());
        assertTrue(defs.find("hobby").isPresent());

        long before = changesOf(a.id());
        assertTrue(defs.delete("hobby", true, T1));
        assertTrue(defs.find("hobby").isEmpty());
        assertEquals(Map.of("k", "v"), store.customers().find(a.id()).orElseThrow().attributes());
        assertEquals(before + 1, changesOf(a.id()));
        assertEquals(1, changesOf(b.id()));
        assertFalse(defs.delete("hobby", true, T1));
    }

    @Test
    void aNewDefinitionMustFitTheValuesCustomersAlreadyHold() {
        var defs = store.attributeDefinitions();
        store.customers().insert(new CustomerDraft("A", null, null, Map.of("legacy", "gold", "count", 3L)), T0);
        ConflictException wrongType = assertThrows(ConflictException.class,
                () -> defs.insert(custom("legacy", io.siyu.api.customer.AttributeType.INTEGER), T1));
        assertTrue(wrongType.getMessage().contains("string"), wrongType.getMessage());
        ConflictException notAllowed = assertThrows(ConflictException.class,
                () -> defs.insert(custom("legacy", io.siyu.api.customer.AttributeType.ENUM, "silver"), T1));
        assertTrue(notAllowed.getMessage().contains("gold"), notAllowed.getMessage());
        assertTrue(defs.list().isEmpty());
        defs.insert(custom("legacy", io.siyu.api.customer.AttributeType.ENUM, "gold", "silver"), T1);
        defs.insert(custom("count", io.siyu.api.customer.AttributeType.DECIMAL), T1);
        assertEquals(2, defs.list().size());
    }

    @Test
    void anUnheldAttributeIsDeletedWithoutPurge() {
        var defs = store.attributeDefinitions();
        defs.insert(custom("tier", io.siyu.api.customer.AttributeType.ENUM, "a"), T0);
        assertTrue(defs.delete("tier", false, T1));
        assertTrue(defs.list().isEmpty());
        // the name is free again, with its allowed values gone too
        assertEquals(List.of(), defs.insert(custom("tier", io.siyu.api.customer.AttributeType.TEXT), T1).allowedValues());
    }


    // ---- identity resolution: merge, aliases, undo ----

    static final Instant T2 = Instant.parse("2026-11-03T10:00:00Z");
    static final Instant T3 = Instant.parse("2026-11-04T11:00:00Z");

    private Customer customer(String name, Instant at, Set<Long> tags, Map<String, Object> attributes, ChannelIdentity... ids) {
        return store.customers().insert(new CustomerDraft(name, List.of(ids), tags, attributes), at);
    }

    private static ChannelIdentity email(String e) {
        return ChannelIdentity.of(IdentityType.EMAIL, e);
    }

    private static ChannelIdentity visitor(String v) {
        return ChannelIdentity.of(IdentityType.VISITOR, v);
    }

    private long count(String sql, long... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Ids of the customer's events, leaving out the tag history the store writes itself. */
    private List<String> timelineIds(long customerId) {
        return store.events().timeline(customerId, new PageRequest(0, 100)).items().stream()
                .filter(e -> !e.type().startsWith("tag."))
                .map(io.siyu.store.StoredEvent::id).sorted().toList();
    }

    private java.util.Map<String, io.siyu.api.policy.ConsentState> consentStates(long customerId) {
        java.util.Map<String, io.siyu.api.policy.ConsentState> out = new java.util.TreeMap<>();
        store.consents().current(customerId).forEach(k -> out.put(k.channelType(), k.state()));
        return out;
    }

    @Test
    void mergeUnitesIdentitiesTagsAttributesTimelineAndConsentAndLeavesAnAlias() throws Exception {
        Tag t1 = store.tags().insert(new TagDraft("g", "t1", null), T0);
        Tag t2 = store.tags().insert(new TagDraft("g", "t2", null), T0);
        Customer a = customer("王芳", T0, Set.of(t1.id()), Map.of("city", "上海", "level", "gold"), phone("+8613800000101"));
        Customer b = customer("Wang Fang", T1, Set.of(t2.id()), Map.of("city", "北京", "age", 30L), email("wf@example.com"));
        store.events().ingest(List.of(event("a1", T0, a.id(), null), event("b1", T1, b.id(), null)), T1);
        var in = io.siyu.api.policy.ConsentState.OPTED_IN;
        var out = io.siyu.api.policy.ConsentState.OPTED_OUT;
        store.consents().record(consent(a.id(), "sms", in, T0, "import"), T0);
        store.consents().record(consent(b.id(), "sms", out, T1, "sms-reply:TD"), T1);
        store.consents().record(consent(b.id(), "email", in, T1, "form"), T1);
        long changesOfB = count("SELECT COUNT(*) FROM customer_change WHERE customer_id = ?", b.id());

        // the arguments' order does not choose the survivor: the older profile survives
        io.siyu.api.customer.MergeRecord m = store.identities().merge(b.id(), a.id(), "customerId", "alice", T2);

        assertEquals(a.id(), m.survivorId());
        assertEquals(b.id(), m.mergedId());
        assertEquals(io.siyu.api.customer.MergeReason.EXPLICIT, m.reason());
        assertEquals("alice", m.by());
        Customer merged = store.customers().find(a.id()).orElseThrow();
        assertEquals("王芳", merged.displayName());
        assertEquals(Set.of(phone("+8613800000101"), email("wf@example.com")), Set.copyOf(merged.identities()));
        assertEquals(List.of(t1, t2), merged.tags());
        // most recent (B was updated later) wins where both have a value; union otherwise
        assertEquals(Map.of("city", "北京", "level", "gold", "age", 30L), merged.attributes());
        assertEquals(T2, merged.updatedAt());
        assertEquals(List.of("a1", "b1", "siyu-merge-" + m.id()), timelineIds(a.id()));
        assertEquals(Map.of("sms", out, "email", in), consentStates(a.id()));
        assertEquals(3, count("SELECT COUNT(*) FROM consent_history WHERE customer_id = ?", a.id()), "history is kept");

        assertTrue(store.customers().find(b.id()).isEmpty());
        assertEquals(a.id(), store.identities().resolve(b.id()).orElseThrow());
        assertEquals(a.id(), store.identities().resolve(a.id()).orElseThrow());
        assertEquals(a.id(), store.customers().findIdByIdentity(email("wf@example.com")).orElseThrow());
        assertEquals(1, store.customers().count());
        assertEquals(List.of(m), store.identities().history(a.id()));
        assertEquals(List.of(m), store.identities().history(b.id()));
        assertTrue(count("SELECT COUNT(*) FROM customer_change WHERE customer_id = ?", b.id()) > changesOfB,
                "the merged-away id is in the change log");
    }

    @Test
    void eventsAndConsentNamingAnAliasLandOnTheSurvivor() {
        Customer a = customer("A", T0, null, null, phone("+8613800000111"));
        Customer b = customer("B", T1, null, null, phone("+8613800000112"));
        io.siyu.api.customer.MergeRecord m = store.identities().merge(a.id(), b.id(), "customerId", "alice", T2);
        io.siyu.api.event.IngestResult r = store.events().ingest(List.of(event("late", T3, b.id(), null)), T3);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(List.of("late", "siyu-merge-" + m.id()), timelineIds(a.id()));
        var c = store.consents().record(consent(b.id(), "sms", io.siyu.api.policy.ConsentState.OPTED_OUT, T3, "x"), T3)
                .orElseThrow();
        assertEquals(a.id(), c.customerId());
        assertEquals(1, store.consents().current(a.id()).size());
    }

    @Test
    void aKnownProfileSurvivesAVisitorOtherwiseTheOldestThenTheLowestId() {
        store.events().ingest(List.of(event("v1", T0, null, visitor("v-1"))), T0);
        long v = store.customers().findIdByIdentity(visitor("v-1")).orElseThrow();
        Customer known = customer("Known", T1, null, null, phone("+8613800000121"));
        assertEquals(known.id(), store.identities().merge(v, known.id(), "customerId", "a", T2).survivorId());

        Customer x = customer("X", T0, null, null);
        Customer y = customer("Y", T0, null, null);
        long lower = Math.min(x.id(), y.id());
        assertEquals(lower, store.identities().merge(Math.max(x.id(), y.id()), lower, "customerId", "a", T2).survivorId());
    }

    @Test
    void mergeFollowsTheConfiguredStrategyPerAttribute() {
        store.settings().put(io.siyu.store.IdentityRepository.STRATEGIES_SETTING, "*=OLDEST;nick=FIRST_NON_EMPTY");
        Customer old = customer("Old", T0, null, Map.of("city", "上海", "nick", " "));
        Customer young = customer("Young", T1, null, Map.of("city", "北京", "nick", "小王"));
        store.identities().merge(old.id(), young.id(), "customerId", "a", T2);
        assertEquals(Map.of("city", "上海", "nick", "小王"), store.customers().find(old.id()).orElseThrow().attributes());
    }

    @Test
    void chainedMergesFlattenAliasesAndUndoGoesBackInOrder() throws Exception {
        Customer c = customer("C", T0, null, null, phone("+8613800000133"));
        Customer a = customer("A", T1, null, null, phone("+8613800000131"));
        Customer b = customer("B", T2, null, null, phone("+8613800000132"));
        io.siyu.api.customer.MergeRecord ab = store.identities().merge(a.id(), b.id(), "customerId", "u", T2);
        assertEquals(a.id(), ab.survivorId());
        // B is an alias of A now; merging "B" with C merges A (older C survives)
        io.siyu.api.customer.MergeRecord bc = store.identities().merge(b.id(), c.id(), "customerId", "u", T3);
        assertEquals(c.id(), bc.survivorId());
        assertEquals(a.id(), bc.mergedId());
        assertEquals(c.id(), store.identities().resolve(a.id()).orElseThrow());
        assertEquals(c.id(), store.identities().resolve(b.id()).orElseThrow());
        assertEquals(0, count("SELECT COUNT(*) FROM customer_alias WHERE customer_id <> ?", c.id()), "aliases are flat");
        assertEquals(3, store.customers().find(c.id()).orElseThrow().identities().size());
        assertEquals(List.of(bc.id(), ab.id()), store.identities().history(b.id()).stream()
                .map(io.siyu.api.customer.MergeRecord::id).toList());

        ConflictException refused = assertThrows(ConflictException.class, () -> store.identities().undo(ab.id(), "u", T3));
        assertTrue(refused.getMessage().contains("undo merge " + bc.id() + " first"), refused.getMessage());

        store.identities().undo(bc.id(), "u", T3);
        assertEquals(a.id(), store.identities().resolve(b.id()).orElseThrow(), "B's alias follows A back");
        assertEquals(List.of(phone("+8613800000133")), store.customers().find(c.id()).orElseThrow().identities());
        store.identities().undo(ab.id(), "u", T3);
        assertEquals(b.id(), store.identities().resolve(b.id()).orElseThrow());
        assertEquals(3, store.customers().count());
        assertEquals(List.of(phone("+8613800000132")), store.customers().find(b.id()).orElseThrow().identities());
    }

    @Test
    void concurrentMergesOnTwoConnectionsEndInOneProfile() throws Exception {
        for (int round = 0; round < 3; round++) {
            Customer a = customer("A" + round, T0, null, null, phone("+86138000002" + round + "1"));
            Customer b = customer("B" + round, T1, null, null, phone("+86138000002" + round + "2"));
            Customer c = customer("C" + round, T2, null, null, phone("+86138000002" + round + "3"));
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var ab = pool.submit(() -> {
                    start.await();
                    return store.identities().merge(a.id(), b.id(), "customerId", "t1", T3);
                });
                var bc = pool.submit(() -> {
                    start.await();
                    return store.identities().merge(b.id(), c.id(), "customerId", "t2", T3);
                });
                ab.get(120, java.util.concurrent.TimeUnit.SECONDS);
                bc.get(120, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            long live = store.identities().resolve(a.id()).orElseThrow();
            assertEquals(a.id(), live, "the oldest survives whichever merge ran first");
            assertEquals(live, store.identities().resolve(b.id()).orElseThrow());
            assertEquals(live, store.identities().resolve(c.id()).orElseThrow());
            assertTrue(store.customers().find(b.id()).isEmpty());
            assertTrue(store.customers().find(c.id()).isEmpty());
            assertEquals(3, store.customers().find(live).orElseThrow().identities().size());
        }
    }

    @Test
    void eventsIngestedWhileTheirProfileIsMergedAwayAllLandOnTheSurvivor() throws Exception {
        for (int round = 0; round < 3; round++) {
            Customer a = customer("A" + round, T0, null, null);
            Customer b = customer("B" + round, T1, null, null);
            List<io.siyu.store.NewEvent> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(event("r" + round + "-" + i, T2, b.id(), null));
            }
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var merge = pool.submit(() -> {
                    start.await();
                    return store.identities().merge(a.id(), b.id(), "customerId", "t", T3);
                });
                var ingest = pool.submit(() -> {
                    start.await();
                    return store.events().ingest(batch, T3);
                });
                assertEquals(200, ingest.get(120, java.util.concurrent.TimeUnit.SECONDS).accepted());
                assertEquals(b.id(), merge.get(120, java.util.concurrent.TimeUnit.SECONDS).mergedId());
            } finally {
                pool.shutdownNow();
            }
            assertEquals(201, store.events().timeline(a.id(), PageRequest.first(10)).total(), "200 events and the merge");
            assertEquals(0, count("SELECT COUNT(*) FROM customer_event WHERE customer_id = ?", b.id()));
        }
    }

    @Test
    void undoRestoresTheMergedProfileAndTheSurvivorsValuesButKeepsLaterChanges() {
        Tag t1 = store.tags().insert(new TagDraft("g", "t1", null), T0);
        Tag t2 = store.tags().insert(new TagDraft("g", "t2", null), T0);
        Customer a = customer("A", T0, Set.of(t1.id()), Map.of("city", "上海", "tier", "gold"), phone("+8613800000141"));
        Customer b = customer("B", T1, Set.of(t1.id(), t2.id()), Map.of("city", "北京", "note", "vip", "tier", "silver"),
                phone("+8613800000142"), email("b@example.com"));
        store.events().ingest(List.of(event("a1", T0, a.id(), null), event("b1", T1, b.id(), null)), T1);
        var in = io.siyu.api.policy.ConsentState.OPTED_IN;
        var out = io.siyu.api.policy.ConsentState.OPTED_OUT;
        store.consents().record(consent(a.id(), "sms", in, T0, "import"), T0);
        store.consents().record(consent(b.id(), "sms", out, T1, "reply"), T1);
        Customer beforeB = store.customers().find(b.id()).orElseThrow();

        io.siyu.api.customer.MergeRecord m = store.identities().merge(a.id(), b.id(), "customerId", "alice", T2);
        Customer merged = store.customers().find(a.id()).orElseThrow();
        assertEquals(Map.of("city", "北京", "note", "vip", "tier", "silver"), merged.attributes());
        // after the merge an operator changes the city again
        java.util.Map<String, Object> edited = new java.util.HashMap<>(merged.attributes());
        edited.put("city", "广州");
        store.customers().update(a.id(), new CustomerDraft(merged.displayName(), merged.identities(),
                Set.of(t1.id(), t2.id()), edited), null, T3);

        io.siyu.api.customer.UndoResult undone = store.identities().undo(m.id(), "bob", T3);

        assertEquals(List.of("city"), undone.keptNewer());
        assertTrue(undone.identitiesNotRestored().isEmpty());
        assertEquals("bob", undone.merge().undoneBy());
        assertEquals(T3, undone.merge().undoneAt());
        Customer restored = store.customers().find(b.id()).orElseThrow();
        assertEquals(undone.restored(), restored);
        assertEquals("B", restored.displayName());
        assertEquals(Set.copyOf(beforeB.identities()), Set.copyOf(restored.identities()));
        assertEquals(beforeB.tags(), restored.tags());
        assertEquals(beforeB.attributes(), restored.attributes());
        assertEquals(beforeB.createdAt(), restored.createdAt());
        assertEquals(List.of("b1"), timelineIds(b.id()));
        assertEquals(Map.of("sms", out), consentStates(b.id()));

        Customer survivor = store.customers().find(a.id()).orElseThrow();
        assertEquals(undone.survivor(), survivor);
        assertEquals(Map.of("city", "广州", "tier", "gold"), survivor.attributes(), "later change kept, the rest restored");
        assertEquals(List.of(t1), survivor.tags());
        assertEquals(List.of(phone("+8613800000141")), survivor.identities());
        List<String> survivorTimeline = timelineIds(a.id());
        assertEquals(List.of("a1", "siyu-merge-" + m.id(), "siyu-unmerge-" + m.id()),
                survivorTimeline.stream().filter(id -> !id.startsWith("attr-")).toList());
        assertEquals(1, survivorTimeline.stream().filter(id -> id.startsWith("attr-")).count(),
                "the operator's change of the city stays on the survivor's timeline");
        assertEquals(Map.of("sms", in), consentStates(a.id()));
        assertEquals(b.id(), store.identities().resolve(b.id()).orElseThrow());
        assertEquals(List.of(undone.merge()), store.identities().history(b.id()));

        ConflictException again = assertThrows(ConflictException.class, () -> store.identities().undo(m.id(), "bob", T3));
        assertTrue(again.getMessage().contains("already undone"), again.getMessage());
        assertThrows(io.siyu.api.NotFoundException.class, () -> store.identities().undo(987_654L, "bob", T3));
    }

    @Test
    void aMergeLoopIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
        Customer a = customer("A", T0, null, null, phone("+8613800000151"));
        Customer b = customer("B", T1, null, null, phone("+8613800000152"));
        ValidationException self = assertThrows(ValidationException.class,
                () -> store.identities().merge(a.id(), a.id(), "customerId", "u", T2));
        assertEquals("customerId", self.errors().get(0).field());
        assertTrue(self.getMessage().contains("merge loop"), self.getMessage());
        assertEquals(0, count("SELECT COUNT(*) FROM customer_merge"));

        store.identities().merge(a.id(), b.id(), "customerId", "u", T2);
        long changes = count("SELECT COUNT(*) FROM customer_change");
        long version = store.customers().find(a.id()).orElseThrow().version();
        ValidationException alias = assertThrows(ValidationException.class,
                () -> store.identities().merge(a.id(), b.id(), "customerId", "u", T3));
        assertEquals("customerId", alias.errors().get(0).field());
        assertEquals(1, count("SELECT COUNT(*) FROM customer_merge"));
        assertEquals(changes, count("SELECT COUNT(*) FROM customer_change"));
        assertEquals(version, store.customers().find(a.id()).orElseThrow().version());
        assertThrows(io.siyu.api.NotFoundException.class,
                () -> store.identities().merge(a.id(), 987_654L, "customerId", "u", T3));
    }

    @Test
    void linkAddsAFreeIdentityOrMergesTheProfileHoldingIt() {
        Customer a = customer("A", T0, null, null, phone("+8613800000161"));
        Customer b = customer("B", T1, null, null, phone("+8613800000162"));
        Customer linked = store.identities().link(a.id(), email("a@example.com"), "u", T2);
        assertEquals(a.id(), linked.id());
        assertEquals(2, linked.identities().size());
        assertTrue(store.identities().history(a.id()).isEmpty());

        // the newer profile links the older one's phone: the older one survives
        Customer merged = store.identities().link(b.id(), phone("+8613800000161"), "u", T3);
        assertEquals(a.id(), merged.id());
        assertEquals(3, merged.identities().size());
        io.siyu.api.customer.MergeRecord m = store.identities().history(a.id()).get(0);
        assertEquals(io.siyu.api.customer.MergeReason.SHARED_IDENTITY, m.reason());
        assertEquals(phone("+8613800000161"), m.identity());
        // linking what the profile already holds changes nothing
        assertEquals(merged.version(), store.identities().link(b.id(), phone("+8613800000162"), "u", T3).version());
    }

    @Test
    void aVisitorSeenWithAKnownIdentityOnIngestMergesIntoTheKnownCustomerKeepingItsHistory() {
        store.events().ingest(List.of(event("read1", T0, null, visitor("v-9")), event("read2", T1, null, visitor("v-9"))), T1);
        long v = store.customers().findIdByIdentity(visitor("v-9")).orElseThrow();
        Customer known = customer("李雷", T2, null, Map.of("city", "上海"), phone("+8613800000171"));

        io.siyu.api.event.IngestResult r = store.events().ingest(List.of(new io.siyu.store.NewEvent("form1", "form.submit", T3,
                "mp/main", null, phone("+8613800000171"), "{}", List.of(visitor("v-9")), null)), T3, "system");

        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0, r.createdCustomers());
        assertEquals(known.id(), store.identities().resolve(v).orElseThrow());
        Customer k = store.customers().find(known.id()).orElseThrow();
        assertEquals("李雷", k.displayName());
        assertEquals(Set.of(phone("+8613800000171"), visitor("v-9")), Set.copyOf(k.identities()));
        io.siyu.api.customer.MergeRecord m = store.identities().history(known.id()).get(0);
        assertEquals(io.siyu.api.customer.MergeReason.VISITOR_IDENTIFIED, m.reason());
        assertEquals(visitor("v-9"), m.identity());
        assertEquals(List.of("form1", "read1", "read2", "siyu-merge-" + m.id()), timelineIds(known.id()));
    }

    @Test
    void identitiesSeenTogetherOnIngestJoinOneProfile() {
        ChannelIdentity wecom = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "ww1", "wmX");
        ChannelIdentity union = ChannelIdentity.of(IdentityType.UNIONID, "oU1");
        ChannelIdentity openid = ChannelIdentity.scoped(IdentityType.OA_OPENID, "wx1", "oA1");
        Customer a = customer("A", T0, null, null, wecom);
        Customer b = customer("B", T1, null, null, union);
        // two events of one batch: the second names an identity the first linked
        io.siyu.api.event.IngestResult r = store.events().ingest(List.of(
                new io.siyu.store.NewEvent("cb1", "contact.added", T2, "wecom/main", null, wecom, "{}", List.of(union, openid)),
                new io.siyu.store.NewEvent("cb2", "follow", T2, "wechat-oa/main", null, openid, "{}", List.of())), T2, "system");
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(0, r.createdCustomers());
        assertTrue(store.customers().find(b.id()).isEmpty());
        Customer one = store.customers().find(a.id()).orElseThrow();
        assertEquals(Set.of(wecom, union, openid), Set.copyOf(one.identities()));
        io.siyu.api.customer.MergeRecord m = store.identities().history(a.id()).get(0);
        assertEquals(io.siyu.api.customer.MergeReason.SHARED_IDENTITY, m.reason());
        assertEquals(union, m.identity());
        assertEquals(List.of("cb1", "cb2", "siyu-merge-" + m.id()), timelineIds(a.id()));

        // unknown identities seen together make one new customer, not two
        ChannelIdentity mp = ChannelIdentity.scoped(IdentityType.MINIPROGRAM_OPENID, "wxmp", "oM1");
        io.siyu.api.event.IngestResult fresh = store.events().ingest(List.of(new io.siyu.store.NewEvent("mp1", "order", T3,
                "mp/main", null, mp, "{}", List.of(phone("+8613800000181")), null)), T3, "system");
        assertEquals(1, fresh.createdCustomers());
        assertEquals(store.customers().findIdByIdentity(mp), store.customers().findIdByIdentity(phone("+8613800000181")));
    }

    @Test
    void theChangeLogMarksCustomersCreatedByEventsAsBornAndNothingElse() {
        Customer a = customer("A", T0, null, null, ChannelIdentity.of(IdentityType.PHONE, "+8613800000201"));
        ChannelIdentity newcomer = ChannelIdentity.of(IdentityType.PHONE, "+8613800000202");
        assertEquals(1, store.events().ingest(List.of(
                new io.siyu.store.NewEvent("n1", "order", T1, "shop/main", null, newcomer, "{}"),
                new io.siyu.store.NewEvent("n2", "order", T1, "shop/main", a.id(), null, "{}")), T1, "system").createdCustomers());
        long b = store.customers().findIdByIdentity(newcomer).orElseThrow();
        store.customers().update(b, new CustomerDraft("B", List.of(newcomer), null, null), null, T2);

        List<io.siyu.store.IndexFeed.Change> changes = store.indexFeed().changes(
                List.of(new io.siyu.store.IndexFeed.Range(1, Long.MAX_VALUE)), 100);
        assertEquals(List.of(false), changes.stream().filter(c -> c.customerId() == a.id()).map(io.siyu.store.IndexFeed.Change::born).toList());
        assertEquals(List.of(true, false), changes.stream().filter(c -> c.customerId() == b).map(io.siyu.store.IndexFeed.Change::born).toList());
    }

    @Test
    void theIndexFeedGivesEventTimesToTheSecondFlooredAsStoredWhicheverWayItReads() {
        Customer a = customer("A", T0, null, null, ChannelIdentity.of(IdentityType.PHONE, "+8613800000221"));
        List<Instant> times = List.of(Instant.parse("1999-12-31T23:59:59.999Z"), Instant.parse("2024-02-29T12:34:56.500Z"),
                Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2038-01-19T03:14:08Z"), Instant.parse("1970-03-01T01:02:03Z"));
        List<io.siyu.store.NewEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            events.add(new io.siyu.store.NewEvent("t-" + i, "order", times.get(i), "shop/main", a.id(), null, "{}"));
        }
        store.events().ingest(events, T1, "system");
        java.util.Set<Long> expected = new java.util.TreeSet<>();
        times.forEach(t -> expected.add(Math.floorDiv(t.toEpochMilli(), 1000L) * 1000L));
        io.siyu.store.IndexFeed feed = store.indexFeed();
        java.util.function.Function<List<io.siyu.store.EventFact>, java.util.Set<Long>> millis = facts -> new java.util.TreeSet<>(
                facts.stream().filter(f -> f.customerId() == a.id()).map(io.siyu.store.EventFact::occurredAtMillis).toList());
        assertEquals(expected, millis.apply(feed.events(List.of(new io.siyu.store.IndexFeed.Range(1, Long.MAX_VALUE)), 100)));
        assertEquals(expected, millis.apply(feed.eventsOf(List.of(a.id()))));
        List<io.siyu.store.EventFact> scanned = new java.util.ArrayList<>();
        feed.scanEvents(Long.MAX_VALUE, scanned::add);
        assertEquals(expected, millis.apply(scanned));
    }

    @Test
    void aFullScanReadsCustomersWithoutTagsAndTheTagsApartByAscendingCustomer() {
        Tag a = store.tags().insert(new TagDraft("g", "scan-a", null), T0);
        Tag b = store.tags().insert(new TagDraft("g", "scan-b", null), T0);
        Customer both = store.customers().insert(new CustomerDraft("Both", List.of(phone("+8613800000231")),
                Set.of(a.id(), b.id()), Map.of("x", "1")), T0);
        Customer none = store.customers().insert(new CustomerDraft("None", List.of(phone("+8613800000232")), Set.of(), Map.of()), T0);
        Customer one = store.customers().insert(new CustomerDraft("One", List.of(phone("+8613800000233")), Set.of(b.id()), Map.of()), T0);
        io.siyu.store.IndexFeed feed = store.indexFeed();

        List<io.siyu.store.CustomerFacts> customers = new java.util.ArrayList<>();
        feed.scanCustomers(customers::add);
        assertEquals(List.of(both.id(), none.id(), one.id()), customers.stream().map(io.siyu.store.CustomerFacts::id).toList());
        customers.forEach(f -> assertEquals(0, f.tagIds().length, "tags come from scanTags"));
        assertEquals("1", customers.get(0).attributes().get("x"));

        List<Long> order = new java.util.ArrayList<>();
        Map<Long, Set<Long>> tags = new java.util.HashMap<>();
        feed.scanTags((customer, tagIds) -> {
            order.add(customer);
            tags.put(customer, java.util.Arrays.stream(tagIds).boxed().collect(java.util.stream.Collectors.toSet()));
        });
        assertEquals(List.of(both.id(), one.id()), order, "ascending, the customer without tags left out");
        assertEquals(Map.of(both.id(), Set.of(a.id(), b.id()), one.id(), Set.of(b.id())), tags);
    }

    /** A customer with {@code n} orders; their sequence numbers as the index feed reads them. */
    private List<Long> ordersInTheFeed(String phone, int n) {
        Customer a = customer("A", T0, null, null, ChannelIdentity.of(IdentityType.PHONE, phone));
        List<io.siyu.store.NewEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new io.siyu.store.NewEvent(phone + "-" + i, "order", T1.plusSeconds(i), "shop/main", a.id(), null, "{}"));
        }
        store.events().ingest(events, T1, "system");
        List<Long> all = store.indexFeed().events(List.of(new io.siyu.store.IndexFeed.Range(1, Long.MAX_VALUE)), 2 * n + 10)
                .stream().map(io.siyu.store.EventFact::seq).toList();
        assertEquals(n, all.size());
        return all;
    }

    @Test
    void theIndexFeedReadsTheRangesItIsAskedForInSeqOrderUpToItsLimit() {
        List<Long> all = ordersInTheFeed("+8613800000211", 10);
        io.siyu.store.IndexFeed feed = store.indexFeed();
        // two gaps and the open end, out of order, the limit cutting the open end short
        List<io.siyu.store.IndexFeed.Range> ranges = List.of(new io.siyu.store.IndexFeed.Range(all.get(7), Long.MAX_VALUE),
                new io.siyu.store.IndexFeed.Range(all.get(1), all.get(2)), new io.siyu.store.IndexFeed.Range(all.get(4), all.get(4)));
        assertEquals(List.of(all.get(1), all.get(2), all.get(4), all.get(7), all.get(8)),
                feed.events(ranges, 5).stream().map(io.siyu.store.EventFact::seq).toList());
        customer("B", T1, null, null, ChannelIdentity.of(IdentityType.PHONE, "+8613800000212"));
        customer("C", T1, null, null, ChannelIdentity.of(IdentityType.PHONE, "+8613800000213"));
        List<Long> changes = feed.changes(List.of(new io.siyu.store.IndexFeed.Range(1, Long.MAX_VALUE)), 100).stream()
                .map(io.siyu.store.IndexFeed.Change::seq).toList();
        assertEquals(3, changes.size());
        assertEquals(List.of(changes.get(0), changes.get(2)), feed.changes(List.of(
                new io.siyu.store.IndexFeed.Range(changes.get(2), Long.MAX_VALUE),
                new io.siyu.store.IndexFeed.Range(changes.get(0), changes.get(0))), 100).stream()
                .map(io.siyu.store.IndexFeed.Change::seq).toList());
    }

    /**
     * Concurrent producers leave a catch-up with hundreds of gaps in the event log (numbers drawn,
     * not yet committed): all are read in one call, in seq order, up to the limit. On Derby one
     * statement for all of them was "too complex", on every retry.
     */
    @Test
    void theIndexFeedReadsAThousandGapsInOneCall() {
        List<Long> all = ordersInTheFeed("+8613800000214", 2000);
        io.siyu.store.IndexFeed feed = store.indexFeed();
        List<io.siyu.store.IndexFeed.Range> gaps = new java.util.ArrayList<>();
        List<Long> inGaps = new java.util.ArrayList<>();
        for (int i = 1; i < 2000; i += 2) {
            gaps.add(new io.siyu.store.IndexFeed.Range(all.get(i), all.get(i)));
            inGaps.add(all.get(i));
        }
        java.util.Collections.reverse(gaps); // in no particular order
        assertEquals(inGaps, feed.events(gaps, 5000).stream().map(io.siyu.store.EventFact::seq).toList());
        assertEquals(inGaps.subList(0, 700), feed.events(gaps, 700).stream().map(io.siyu.store.EventFact::seq).toList());
    }

    private long[] follows(String channel, String type) {
        return store.channelStats().followsPerMinute(channel, T0, 3).getOrDefault(type, new long[3]);
    }

    @Test
    void followsAreCountedPerMinuteOfTheirAccountAndLeaveWithTheirCustomer() {
        Customer a = customer("A", T0, null, null, ChannelIdentity.of(IdentityType.PHONE, "+8613800000191"));
        List<io.siyu.store.NewEvent> events = List.of(
                new io.siyu.store.NewEvent("f1", "follow", T0.plusSeconds(30), "wechat-oa/main", a.id(), null, "{}"),
                new io.siyu.store.NewEvent("f2", "follow", T0.plusSeconds(90), "wechat-oa/main", a.id(), null, "{}"),
                new io.siyu.store.NewEvent("u1", "unfollow", T0.plusSeconds(100), "wechat-oa/main", a.id(), null, "{}"),
                new io.siyu.store.NewEvent("f3", "follow", T0.plusSeconds(180), "wechat-oa/main", a.id(), null, "{}"),
                new io.siyu.store.NewEvent("o1", "follow", T0.plusSeconds(30), "wechat-oa/other", a.id(), null, "{}"),
                new io.siyu.store.NewEvent("v1", "article.view", T0.plusSeconds(10), "wechat-oa/main", a.id(), null, "{}"));
        assertTrue(store.events().ingest(events, T1, "system").ok());
        assertEquals(2, store.events().ingest(events.subList(0, 2), T1, "system").duplicates());

        assertEquals(List.of(1L, 1L, 0L), List.of(boxed(follows("wechat-oa/main", "follow"))), "minute 3 is outside");
        assertEquals(List.of(0L, 1L, 0L), List.of(boxed(follows("wechat-oa/main", "unfollow"))));
        assertEquals(Set.of("follow", "unfollow"), store.channelStats().followsPerMinute("wechat-oa/main", T0, 3).keySet());
        assertEquals(List.of(1L, 0L, 0L), List.of(boxed(follows("wechat-oa/other", "follow"))));

        assertTrue(store.customers().delete(a.id(), T2));
        assertEquals(Map.of(), store.channelStats().followsPerMinute("wechat-oa/main", T0, 3));
    }

    private static Long[] boxed(long[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
    }

    @Test
    void followEventsStoredBeforeSchema22AreCounted() throws Exception {
        DataSource old = freshDatabase();
        assertEquals(21, new SchemaMigrator(old).migrate(21));
        try (Connection c = old.getConnection()) {
            c.setAutoCommit(true);
            Timestamp at = new InstantConverter().convertToDatabaseColumn(T0.plusSeconds(70));
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO customer (id, display_name, created_at, updated_at, version) VALUES (7, 'x', ?, ?, 1)")) {
                ps.setTimestamp(1, at);
                ps.setTimestamp(2, at);
                ps.executeUpdate();
            }
            for (String[] e : List.of(new String[] {"old-f", "follow"}, new String[] {"old-u", "unfollow"},
                    new String[] {"old-o", "order"})) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_event (event_id, customer_id,"
                        + " event_type, channel, occurred_at, received_at, properties) VALUES (?, 7, ?, 'wechat-oa/main', ?, ?, '{}')")) {
                    ps.setString(1, e[0]);
                    ps.setString(2, e[1]);
                    ps.setTimestamp(3, at);
                    ps.setTimestamp(4, at);
                    ps.executeUpdate();
                }
            }
        }
        EntityManagerFactory oldEmf = TestDatabases.entityManagerFactory(old);
        try {
            JpaStore upgraded = new JpaStore(oldEmf, old);
            Map<String, long[]> counts = upgraded.channelStats().followsPerMinute("wechat-oa/main", T0, 3);
            assertEquals(Set.of("follow", "unfollow"), counts.keySet());
            assertEquals(List.of(0L, 1L, 0L), List.of(boxed(counts.get("follow"))));
            assertEquals(List.of(0L, 1L, 0L), List.of(boxed(counts.get("unfollow"))));
        } finally {
            oldEmf.close();
        }
    }

    @Test
    void migrationUpgradesAnOlderDatabaseWithoutLosingData() throws Exception {
        DataSource old = freshDatabase();
        SchemaMigrator migrator = new SchemaMigrator(old);
        assertEquals(1, migrator.migrate(1));
        // A customer written by a build that only knew schema version 1.
        try (Connection c = old.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO customer (id, display_name, created_at, updated_at, version) VALUES (7, '老客户', ?, ?, 1)")) {
                ps.setTimestamp(1, new InstantConverter().convertToDatabaseColumn(T0));
                ps.setTimestamp(2, new InstantConverter().convertToDatabaseColumn(T0));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO customer_identity (customer_id, id_type, namespace, id_value) VALUES (7, 'PHONE', '', '+8613700000000')")) {
                ps.executeUpdate();
            }
        }
        EntityManagerFactory oldEmf = TestDatabases.entityManagerFactory(old);
        try {
            JpaStore upgraded = new JpaStore(oldEmf, old);
            assertEquals(SchemaMigrator.latestVersion(), upgraded.schemaVersion());
            Customer kept = upgraded.customers().find(7).orElseThrow();
            assertEquals("老客户", kept.displayName());
            assertEquals(List.of(phone("+8613700000000")), kept.identities());
            assertEquals(T0, kept.createdAt());
            // the new schema's features work on the upgraded database
            Tag t = upgraded.tags().insert(new TagDraft("g", "t", null), T1);
            upgraded.customers().update(7, new CustomerDraft("老客户", kept.identities(), Set.of(t.id()), null), null, T1);
            assertEquals(List.of(t), upgraded.customers().find(7).orElseThrow().tags());
            // running the migrator again is a no-op
            assertEquals(SchemaMigrator.latestVersion(), new SchemaMigrator(old).migrate());
        } finally {
            oldEmf.close();
        }
        assertEquals(Timestamp.class, new InstantConverter().convertToDatabaseColumn(T0).getClass());
    }
}
