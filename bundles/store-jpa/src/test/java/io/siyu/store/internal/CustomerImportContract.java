package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.store.CustomerImports.Outcome;
import io.siyu.store.CustomerImports.Result;
import io.siyu.store.CustomerImports.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bulk import path of the store, on each supported database (subclasses). */
abstract class CustomerImportContract {
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

    private static ChannelIdentity phone(String p) {
        return ChannelIdentity.of(IdentityType.PHONE, p);
    }

    private static ChannelIdentity email(String e) {
        return ChannelIdentity.of(IdentityType.EMAIL, e);
    }

    private static Row row(long n, String name, List<ChannelIdentity> ids, Set<Long> tags, Map<String, Object> attrs) {
        return new Row(n, new CustomerDraft(name, ids, tags, attrs));
    }

    @Test
    void aChunkWritesWholeCustomersAndSkipsConflictingRowsWithoutAHalfCustomer() throws Exception {
        Tag vip = store.tags().insert(new TagDraft("层级", "核心用户", TagKind.ENTERPRISE), T0);
        Customer known = store.customers().insert(new CustomerDraft("老客户", List.of(phone("+8613800000001")), null, null), T0);
        long changesBefore = count("SELECT COUNT(*) FROM customer_change");

        List<Result> results = store.customerImports().importChunk(List.of(
                row(2, "王芳", List.of(phone("+8613800000002"), email("wf@example.com")), Set.of(vip.id()),
                        Map.of("region", "上海", "memberPoints", 12800L, "birthday", LocalDate.of(1990, 5, 1))),
                // the phone is known: in create mode this row is a conflict, and its e-mail must not be stored either
                row(3, "冒名", List.of(email("other@example.com"), phone("+8613800000001")), Set.of(vip.id()),
                        Map.of("region", "北京")),
                // the same identity as row 2
                row(4, "重复", List.of(phone("+8613800000002")), Set.of(), Map.of())), false, true, T1);

        assertEquals(List.of(Outcome.CREATED, Outcome.CONFLICT, Outcome.CONFLICT),
                results.stream().map(Result::outcome).toList());
        assertTrue(results.get(1).message().contains("belongs to customer " + known.id()), results.get(1).message());
        assertTrue(results.get(2).message().contains("also on row 2"), results.get(2).message());

        Customer created = store.customers().find(results.get(0).customerId()).orElseThrow();
        assertEquals("王芳", created.displayName());
        assertEquals(Set.of(phone("+8613800000002"), email("wf@example.com")), Set.copyOf(created.identities()));
        assertEquals(List.of(vip), created.tags());
        assertEquals(Map.of("region", "上海", "memberPoints", 12800L, "birthday", LocalDate.of(1990, 5, 1)),
                created.attributes());
        assertEquals(T1, created.createdAt());

        assertEquals(2, store.customers().count());
        assertTrue(store.customers().findIdByIdentity(email("other@example.com")).isEmpty(), "no half customer of row 3");
        assertEquals(List.of(), store.customers().find(known.id()).orElseThrow().tags());
        assertEquals(changesBefore + 1, count("SELECT COUNT(*) FROM customer_change"));
        assertEquals(1, count("SELECT COUNT(*) FROM customer_change WHERE customer_id = " + created.id()));
        // created here, with no event before it: the segment index need not read its events back
        assertEquals(1, count("SELECT COUNT(*) FROM customer_change WHERE born AND customer_id = " + created.id()));
    }

    @Test
    void aChunkTheDatabaseRefusesWritesNothingAtAll() throws Exception {
        long changesBefore = count("SELECT COUNT(*) FROM customer_change");
        // tag 999999 does not exist (deleted meanwhile): the foreign key fails after row 2 was written
        List<Row> rows = List.of(
                row(2, "好行", List.of(phone("+8613800000002")), Set.of(), Map.of("region", "上海")),
                row(3, "坏行", List.of(phone("+8613800000003")), Set.of(999999L), Map.of()));
        assertThrows(ConflictException.class, () -> store.customerImports().importChunk(rows, false, true, T1));

        assertEquals(0, store.customers().count());
        assertEquals(0, count("SELECT COUNT(*) FROM customer_identity"));
        assertEquals(0, count("SELECT COUNT(*) FROM customer_attribute"));
        assertEquals(changesBefore, count("SELECT COUNT(*) FROM customer_change"));
    }

    @Test
    void upsertUpdatesTheCustomerHoldingTheIdentityAndRemovesNothing() throws Exception {
        Tag a = store.tags().insert(new TagDraft("兴趣", "护肤", TagKind.ENTERPRISE), T0);
        Tag b = store.tags().insert(new TagDraft("兴趣", "母婴", TagKind.ENTERPRISE), T0);
        Customer known = store.customers().insert(new CustomerDraft("李娜", List.of(phone("+8613800000001")),
                Set.of(a.id()), Map.of("region", "杭州", "gender", "female")), T0);

        List<Result> results = store.customerImports().importChunk(List.of(
                row(2, "李娜娜", List.of(phone("+8613800000001"), email("ln@example.com")), Set.of(a.id(), b.id()),
                        Map.of("region", "上海"))), true, true, T1);

        assertEquals(List.of(new Result(2, Outcome.UPDATED, known.id(), "")), results);
        Customer updated = store.customers().find(known.id()).orElseThrow();
        assertEquals("李娜娜", updated.displayName());
        assertEquals(Set.of(phone("+8613800000001"), email("ln@example.com")), Set.copyOf(updated.identities()));
        assertEquals(Set.of(a, b), Set.copyOf(updated.tags()));
        assertEquals(Map.of("region", "上海", "gender", "female"), updated.attributes());
        assertEquals(known.version() + 1, updated.version());
        assertEquals(T1, updated.updatedAt());
        assertEquals(1, count("SELECT COUNT(*) FROM customer_change WHERE customer_id = " + known.id()
                + " AND changed_at > (SELECT MIN(changed_at) FROM customer_change)"));
        assertEquals(0, count("SELECT COUNT(*) FROM customer_change WHERE born"), "an update is no birth");
    }

    @Test
    void upsertRefusesARowWhoseIdentitiesBelongToTwoCustomers() {
        Customer one = store.customers().insert(new CustomerDraft("甲", List.of(phone("+8613800000001")), null, null), T0);
        Customer two = store.customers().insert(new CustomerDraft("乙", List.of(email("b@example.com")), null, null), T0);

        List<Result> results = store.customerImports().importChunk(List.of(
                row(2, "甲乙", List.of(phone("+8613800000001"), email("b@example.com")), Set.of(), Map.of())), true, true, T1);

        assertEquals(Outcome.CONFLICT, results.get(0).outcome());
        assertTrue(results.get(0).message().contains("merge them first"), results.get(0).message());
        assertEquals("甲", store.customers().find(one.id()).orElseThrow().displayName());
        assertEquals("乙", store.customers().find(two.id()).orElseThrow().displayName());
    }

    @Test
    void aDryRunDecidesEveryRowButStoresNothing() throws Exception {
        store.customers().insert(new CustomerDraft("老客户", List.of(phone("+8613800000001")), null, null), T0);
        long changesBefore = count("SELECT COUNT(*) FROM customer_change");

        List<Result> results = store.customerImports().importChunk(List.of(
                row(2, "新", List.of(phone("+8613800000002")), Set.of(), Map.of()),
                row(3, "旧", List.of(phone("+8613800000001")), Set.of(), Map.of())), false, false, T1);

        assertEquals(List.of(Outcome.CREATED, Outcome.CONFLICT), results.stream().map(Result::outcome).toList());
        assertEquals(1, store.customers().count());
        assertEquals(changesBefore, count("SELECT COUNT(*) FROM customer_change"));
    }

    @Test
    void importedCustomersGetIdsThatNeverCollideWithEclipseLinksBlocks() {
        List<Result> first = store.customerImports().importChunk(List.of(
                row(2, "一", List.of(phone("+8613800000002")), Set.of(), Map.of())), false, true, T1);
        Customer viaJpa = store.customers().insert(new CustomerDraft("二", List.of(phone("+8613800000003")), null, null), T1);
        List<Result> second = store.customerImports().importChunk(List.of(
                row(3, "三", List.of(phone("+8613800000004")), Set.of(), Map.of())), false, true, T1);

        Set<Long> ids = Set.of(first.get(0).customerId(), viaJpa.id(), second.get(0).customerId());
        assertEquals(3, ids.size());
        assertEquals(3, store.customers().count());
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
