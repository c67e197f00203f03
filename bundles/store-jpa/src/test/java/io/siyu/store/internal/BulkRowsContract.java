package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.event.IngestResult;
import io.siyu.store.CustomerImports.Outcome;
import io.siyu.store.CustomerImports.Result;
import io.siyu.store.CustomerImports.Row;
import io.siyu.store.NewEvent;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk paths write the same rows on every database: PostgreSQL streams them with COPY, Derby
 * binds batched INSERTs. Values COPY's text format must escape (tab, line breaks, backslash),
 * non-Latin text, instants with milliseconds and decimals are read back raw and compared with
 * the same expectations on both (subclasses).
 */
abstract class BulkRowsContract {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-11-02T09:30:00.456Z");
    /** Everything COPY's text format treats specially, and more. */
    static final String AWKWARD = "tab\there, line\nbreak, cr\r, back\\slash \\N \\t, \"quoted\", 中文 😀 ,;|";

    DataSource dataSource;
    EntityManagerFactory emf;
    JpaStore store;

    abstract DataSource freshDatabase();

    /** Whether this database's bulk paths are expected to use COPY. */
    abstract boolean copies();

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

    @Test
    void anEventBatchStoresEveryValueExactly() throws Exception {
        Customer known = store.customers().insert(new CustomerDraft("A", null, null, null), T0);
        ChannelIdentity visitor = ChannelIdentity.of(IdentityType.VISITOR, "v\\1\tx");
        ChannelIdentity phone = ChannelIdentity.of(IdentityType.PHONE, "+8613800000009");
        ChannelIdentity wecom = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "ww\tcorp", "wm中文");
        String json = "{\"t\":\"" + AWKWARD.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r").replace("\"", "\\\"") + "\"}";
        long copiedBefore = PgCopy.rowsCopied();

        IngestResult r = store.events().ingest(List.of(
                new NewEvent("e1\t" + AWKWARD, "order", Instant.parse("2026-11-01T08:00:00.123Z"), "api", known.id(),
                        null, json, List.of(), new BigDecimal("199.5000")),
                new NewEvent("e2", "article.view", Instant.parse("1970-01-01T00:00:00.001Z"), "wechat\\oa", null,
                        visitor, "{}"),
                new NewEvent("e3", "refund", Instant.parse("2026-10-31T23:59:59.999Z"), "api", null, phone, "{}",
                        List.of(), new BigDecimal("0.0001")),
                new NewEvent("e4", "message.in", T0, "api", null, wecom, "{\"a\":[1,2.5,true,null]}"),
                // a duplicate in the same batch is not stored twice
                new NewEvent("e2", "article.view", T0, "api", null, visitor, "{}")), RECEIVED, "tester");

        assertEquals(4, r.accepted());
        assertEquals(1, r.duplicates());
        assertEquals(3, r.createdCustomers());
        long visitorId = store.customers().findIdByIdentity(visitor).orElseThrow();
        long phoneId = store.customers().findIdByIdentity(phone).orElseThrow();
        long wecomId = store.customers().findIdByIdentity(wecom).orElseThrow();
        assertEquals(List.of(
                List.of("e1\t" + AWKWARD, known.id(), "order", "api", "2026-11-01T08:00:00.123Z", RECEIVED.toString(), json,
                        "199.5000"),
                List.of("e2", visitorId, "article.view", "wechat\\oa", "1970-01-01T00:00:00.001Z", RECEIVED.toString(), "{}",
                        "null"),
                List.of("e3", phoneId, "refund", "api", "2026-10-31T23:59:59.999Z", RECEIVED.toString(), "{}", "0.0001"),
                List.of("e4", wecomId, "message.in", "api", T0.toString(), RECEIVED.toString(), "{\"a\":[1,2.5,true,null]}",
                        "null")),
                rows("SELECT event_id, customer_id, event_type, channel, occurred_at, received_at, properties, amount"
                        + " FROM customer_event ORDER BY seq"));
        assertEquals(List.of(
                List.of(visitorId, "访客 v\\1\tx", RECEIVED.toString(), RECEIVED.toString(), 1L),
                List.of(phoneId, "+8613800000009", RECEIVED.toString(), RECEIVED.toString(), 1L),
                List.of(wecomId, "wecom wm中文", RECEIVED.toString(), RECEIVED.toString(), 1L)),
                rows("SELECT id, display_name, created_at, updated_at, version FROM customer WHERE id <> " + known.id()
                        + " ORDER BY id"));
        assertEquals(List.of(List.of(phoneId, "PHONE", "", "+8613800000009"), List.of(visitorId, "VISITOR", "", "v\\1\tx"),
                List.of(wecomId, "WECOM_EXTERNAL_USERID", "ww\tcorp", "wm中文")),
                rows("SELECT customer_id, id_type, namespace, id_value FROM customer_identity ORDER BY id_type"));
        assertEquals(List.of(List.of(visitorId, RECEIVED.toString()), List.of(phoneId, RECEIVED.toString()),
                List.of(wecomId, RECEIVED.toString())),
                rows("SELECT customer_id, changed_at FROM customer_change WHERE customer_id <> " + known.id() + " ORDER BY seq"));
        // a later batch repeating an event id stores nothing new
        IngestResult again = store.events().ingest(List.of(new NewEvent("e3", "refund", T0, "api", null, phone, "{}")),
                RECEIVED, "tester");
        assertEquals(0, again.accepted());
        assertEquals(1, again.duplicates());
        assertEquals(4, store.events().count());
        assertCopied(copiedBefore, 4 + 3 + 3 + 3);
    }

    @Test
    void anImportChunkStoresEveryValueExactly() throws Exception {
        Tag vip = store.tags().insert(new TagDraft("层级", "核心用户", TagKind.ENTERPRISE), T0);
        Customer known = store.customers().insert(new CustomerDraft("老客户",
                List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800000001")), Set.of(vip.id()),
                Map.of("region", "杭州", "note", "old")), T0);
        long copiedBefore = PgCopy.rowsCopied();

        List<Result> results = store.customerImports().importChunk(List.of(
                new Row(2, new CustomerDraft("王\t芳\\" + AWKWARD,
                        List.of(ChannelIdentity.of(IdentityType.EMAIL, "w\\f@example.com"),
                                ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "ww\ncorp", "wm\t1")),
                        Set.of(vip.id()), Map.of("note", AWKWARD, "points", 12800L, "birthday", LocalDate.of(1990, 5, 1),
                                "ratio", new BigDecimal("0.1250"), "vip", true))),
                // an update: its attribute is replaced, its tag added again without a duplicate key
                new Row(3, new CustomerDraft("老客户\n改名", List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800000001")),
                        Set.of(vip.id()), Map.of("note", "new\tnote")))), true, true, RECEIVED);

        assertEquals(List.of(Outcome.CREATED, Outcome.UPDATED), results.stream().map(Result::outcome).toList());
        Customer created = store.customers().find(results.get(0).customerId()).orElseThrow();
        assertEquals("王\t芳\\" + AWKWARD, created.displayName());
        assertEquals(Set.of(ChannelIdentity.of(IdentityType.EMAIL, "w\\f@example.com"),
                ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "ww\ncorp", "wm\t1")), Set.copyOf(created.identities()));
        assertEquals(Map.of("note", AWKWARD, "points", 12800L, "birthday", LocalDate.of(1990, 5, 1),
                "ratio", new BigDecimal("0.1250"), "vip", true), created.attributes());
        assertEquals(List.of(vip), created.tags());
        assertEquals(RECEIVED, created.createdAt());
        assertEquals(RECEIVED, created.updatedAt());
        Customer updated = store.customers().find(known.id()).orElseThrow();
        assertEquals("老客户\n改名", updated.displayName());
        assertEquals(Map.of("region", "杭州", "note", "new\tnote"), updated.attributes());
        assertEquals(List.of(vip), updated.tags());
        assertEquals(List.of(List.of(created.id(), "birthday", "date", "1990-05-01"), List.of(created.id(), "note", "string", AWKWARD),
                List.of(created.id(), "points", "integer", "12800"), List.of(created.id(), "ratio", "decimal", "0.1250"),
                List.of(created.id(), "vip", "boolean", "true")),
                rows("SELECT customer_id, name, value_type, value_text FROM customer_attribute WHERE customer_id = "
                        + created.id() + " ORDER BY name"));
        List<List<Object>> changes = new ArrayList<>(List.of(List.of(created.id(), RECEIVED.toString()),
                List.of(known.id(), RECEIVED.toString())));
        changes.sort((x, y) -> Long.compare((Long) x.get(0), (Long) y.get(0)));
        assertEquals(changes, rows("SELECT customer_id, changed_at FROM customer_change WHERE customer_id IN ("
                + created.id() + ", " + known.id() + ") AND changed_at > (SELECT MIN(changed_at) FROM customer_change)"
                + " ORDER BY customer_id"));
        // customer (its tags ride on its row, V26), 2 identities, 5 + 1 attributes, 2 change rows
        assertCopied(copiedBefore, 1 + 2 + 6 + 2);
    }

    private void assertCopied(long before, long rows) {
        if (copies()) {
            assertTrue(PgCopy.rowsCopied() - before >= rows,
                    "expected at least " + rows + " rows by COPY, got " + (PgCopy.rowsCopied() - before));
        } else {
            assertEquals(before, PgCopy.rowsCopied(), "no COPY on this database");
        }
    }

    /** Rows as lists: timestamps as the instants they stand for, decimals as plain text, NULL as "null". */
    private List<List<Object>> rows(String sql) throws Exception {
        InstantConverter instants = new InstantConverter();
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Timestamp t) {
                        v = instants.convertToEntityAttribute(t).toString();
                    } else if (v instanceof BigDecimal d) {
                        v = d.toPlainString();
                    } else if (v instanceof Integer n) {
                        v = n.longValue();
                    } else if (v == null) {
                        v = "null";
                    }
                    row.add(v);
                }
                out.add(row);
            }
        }
        return out;
    }
}
