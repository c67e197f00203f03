package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DerbyTagStoreTest extends TagStoreContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshDerby();
    }

    /**
     * Derby keeps a statement's plan from its first compile. Reads of tags by customer first run
     * while customer_tag was nearly empty must still probe its primary key once it holds many links:
     * a scan per read made a 1 M × 20-tag import fall to 150 rows/s and slowed every customer page.
     */
    @Test
    void tagReadsByCustomerProbeThePrimaryKeyHoweverSmallTheTableWasWhenFirstPlanned() throws SQLException {
        Tag tag = store.tags().insert(new TagDraft("层级", "VIP", null), T0);
        TagSets tags = TagSets.of(SchemaMigrator.Dialect.DERBY);
        try (Connection c = dataSource.getConnection()) {
            List<Long> customers = insertCustomers(c, 20_000);
            try (Statement st = c.createStatement()) {
                st.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
            }
            // the first compile of each statement (one text per IN-list length) with the table empty
            List<Long> page = customers.subList(0, TagLinks.IN_CHUNK);
            assertEquals(Map.of(), tags.read(c, page));
            assertEquals(Set.of(), tags.holders(c, tag.id(), page));

            Map<Long, List<Long>> links = new HashMap<>();
            customers.forEach(id -> links.put(id, List.of(tag.id())));
            tags.addToNew(c, links);

            assertEquals(TagLinks.IN_CHUNK, tags.read(c, page).size());
            String readPlan = lastPlan(c);
            assertEquals(TagLinks.IN_CHUNK, tags.holders(c, tag.id(), page).size());
            String holdersPlan = lastPlan(c);
            for (String plan : List.of(readPlan, holdersPlan)) {
                assertTrue(plan.contains("Index Scan ResultSet for CUSTOMER_TAG using constraint"), plan);
                assertFalse(plan.contains("Table Scan"), plan);
            }
        }
    }

    /**
     * Bulk tagging checks and touches the customers by a list of ids: both must probe customer's
     * key after the table grew, though first compiled on an empty one. Derby takes no index hint
     * in an UPDATE, so the touch is a batch of single-key updates; an IN list there, compiled on
     * the empty table, scanned the whole table per chunk (1.2 s per 500 ids at 50,000 customers).
     */
    @Test
    void bulkTaggingProbesCustomersByKeyHoweverSmallTheTableWasWhenFirstPlanned() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
            }
            List<Long> page = new ArrayList<>();
            for (long id = 1_000_000; id < 1_000_000 + TagLinks.IN_CHUNK; id++) {
                page.add(id);
            }
            assertEquals(Set.of(), TagLinks.existingCustomers(c, page));
            assertEquals(Set.of(), TagLinks.lockExistingCustomers(c, page));
            TagLinks.touch(c, page, T0);

            insertCustomers(c, 20_000);
            assertEquals(TagLinks.IN_CHUNK, TagLinks.existingCustomers(c, page).size());
            String existingPlan = lastPlan(c);
            assertEquals(TagLinks.IN_CHUNK, TagLinks.lockExistingCustomers(c, page).size());
            String lockPlan = lastPlan(c);
            TagLinks.touch(c, page, T0.plusSeconds(1));
            String touchPlan = lastPlan(c);
            for (String plan : List.of(existingPlan, lockPlan, touchPlan)) {
                assertTrue(plan.contains("Index Scan ResultSet for CUSTOMER using constraint"), plan);
                assertFalse(plan.contains("Table Scan"), plan);
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM customer WHERE version = 2 AND updated_at > created_at")) {
                rs.next();
                assertEquals(TagLinks.IN_CHUNK, rs.getLong(1), "every listed customer touched once");
            }
            c.rollback();
        }
    }

    /**
     * Every read by a list of keys names an index Derby knows that leads with the listed column, and
     * reads through it even on an empty table (where Derby would otherwise plan a scan and keep it).
     */
    @Test
    void readsByAListOfKeysGoThroughAnIndexLedByTheListedColumn() throws SQLException {
        List<String[]> reads = List.of(
                new String[] {"customer", "id"}, new String[] {"customer_attribute", "customer_id"},
                new String[] {"customer_tag", "customer_id"}, new String[] {"customer_identity", "customer_id"},
                new String[] {"customer_event", "customer_id"}, new String[] {"customer_consent", "customer_id"},
                new String[] {"customer_dnd", "customer_id"}, new String[] {"customer_alias", "alias_id"},
                new String[] {"customer_alias", "customer_id"}, new String[] {"touch_log", "customer_id"},
                new String[] {"customer_share", "staff_key"}, new String[] {"staff", "org_unit_id"},
                new String[] {"tag", "id"}, new String[] {"audit_log", "actor"});
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
            for (String[] read : reads) {
                String table = read[0];
                String column = read[1];
                boolean text = column.equals("staff_key") || column.equals("org_unit_id") || column.equals("actor");
                String marks = String.join(", ", java.util.Collections.nCopies(TagLinks.IN_CHUNK, "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM "
                        + DerbyKeys.leadingWith(c, table, column) + " WHERE " + column + " IN (" + marks + ")")) {
                    for (int i = 1; i <= TagLinks.IN_CHUNK; i++) {
                        if (text) {
                            ps.setString(i, "k" + i);
                        } else {
                            ps.setLong(i, i);
                        }
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        assertFalse(rs.next());
                    }
                }
                String plan = lastPlan(c);
                assertTrue(plan.contains("Index Scan ResultSet for " + table.toUpperCase(java.util.Locale.ROOT) + " using "),
                        table + "." + column + ": " + plan);
                assertFalse(plan.contains("Table Scan"), plan);
            }
            // the segment index's reads of the logs by sequence number
            for (String log : List.of("customer_event", "customer_change")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM " + DerbyKeys.bySeq(c, log)
                        + " WHERE seq BETWEEN ? AND ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                    ps.setLong(1, 10);
                    ps.setLong(2, 20);
                    ps.setInt(3, 5);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertFalse(rs.next());
                    }
                }
                String plan = lastPlan(c);
                assertTrue(plan.contains("Index Scan ResultSet for " + log.toUpperCase(java.util.Locale.ROOT) + " using constraint"), plan);
            }
        }
    }

    /**
     * The data scope (an account manager's customers: owned or shared) filters every customer row
     * of a count or page. Derby re-ran an uncorrelated IN subquery per row, reading all owners each
     * time (4.6 s at 20,000 customers, growing with the square); now each row probes the keys that
     * lead with the customer id, also when first planned on empty tables.
     */
    @Test
    void theDataScopeProbesEachCustomersOwnerAndSharesByKey() throws SQLException {
        String count = "SELECT COUNT(*) FROM customer c WHERE " + FollowedBy.sql(SchemaMigrator.Dialect.DERBY, "c.id", 2);
        try (Connection c = dataSource.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
            }
            assertEquals(0, scoped(c, count));
            c.setAutoCommit(false);
            List<Long> ids = insertCustomers(c, 20_000);
            try (PreparedStatement owner = c.prepareStatement("INSERT INTO customer_attribute (customer_id, name, value_type,"
                    + " value_text) VALUES (?, 'ownerStaff', 'TEXT', ?)");
                    PreparedStatement share = c.prepareStatement("INSERT INTO customer_share (customer_id, staff_key,"
                            + " shared_at, shared_by) VALUES (?, ?, ?, 'admin')")) {
                for (long id : ids) {
                    owner.setLong(1, id);
                    owner.setString(2, "s" + id % 100);
                    owner.addBatch();
                    if (id % 1000 == 0) {
                        share.setLong(1, id);
                        share.setString(2, "s1");
                        share.setTimestamp(3, new Timestamp(0));
                        share.addBatch();
                    }
                }
                owner.executeBatch();
                share.executeBatch();
            }
            c.commit();
            // owned by s1 or s2: 400; shared with s1 (ids ≡ 0 mod 1000, owned by s0): 20
            assertEquals(420, scoped(c, count));
            String plan = lastPlan(c);
            assertTrue(plan.contains("Index Scan ResultSet for CUSTOMER_ATTRIBUTE using constraint"), plan);
            assertTrue(plan.contains("Index Scan ResultSet for CUSTOMER_SHARE using constraint"), plan);
            assertFalse(plan.contains("IX_CUSTOMER_ATTRIBUTE_NAME"), plan);
            assertFalse(plan.contains("Table Scan ResultSet for CUSTOMER_"), plan);
            c.rollback();
        }
    }

    private static long scoped(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "s1");
            ps.setString(2, "s2");
            ps.setString(3, "s1");
            ps.setString(4, "s2");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Derby takes the hint after a table's correlation name, and reads through the index it names:
     * an IN list over an empty customer table would otherwise be planned as a scan.
     */
    @Test
    void aHintFollowsTheCorrelationName() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
            try (PreparedStatement ps = c.prepareStatement("SELECT k.id FROM " + DerbyKeys.leadingWith(c, "customer", "k", "id")
                    + " WHERE k.id IN (" + TagLinks.marks(TagLinks.IN_CHUNK) + ")")) {
                for (int i = 1; i <= TagLinks.IN_CHUNK; i++) {
                    ps.setLong(i, i);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    assertFalse(rs.next());
                }
            }
            String plan = lastPlan(c);
            assertTrue(plan.contains("Index Scan ResultSet for CUSTOMER using constraint"), plan);
            assertFalse(plan.contains("Table Scan"), plan);
        }
    }

    @Test
    void anIndexInDescendingOrderIsFoundAndOthersOnTheTableDoNotGetInTheWay() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE keyed_probe (id BIGINT NOT NULL PRIMARY KEY, owner_id BIGINT NOT NULL, seen_at TIMESTAMP)");
            st.execute("CREATE INDEX ix_probe_at ON keyed_probe (seen_at DESC, id)");
            st.execute("CREATE INDEX ix_probe_owner ON keyed_probe (owner_id DESC, seen_at)");
            assertTrue(DerbyKeys.leadingWith(c, "keyed_probe", "owner_id").contains("index=IX_PROBE_OWNER"));
            assertTrue(DerbyKeys.leadingWith(c, "keyed_probe", "seen_at").contains("index=IX_PROBE_AT"));
            assertTrue(DerbyKeys.leadingWith(c, "keyed_probe", "id").contains("constraint="), "the primary key is unique");
        }
    }

    @Test
    void derbyTouchesEveryListedCustomerOnceAcrossBatches() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<Long> ids = insertCustomers(c, 2_500);
            List<Long> listed = new ArrayList<>(ids);
            listed.addAll(ids.subList(0, 700)); // repeats count once
            TagLinks.touch(c, listed, T0.plusSeconds(5));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MIN(version), MAX(version), COUNT(*) FROM customer")) {
                rs.next();
                assertEquals(2, rs.getLong(1));
                assertEquals(2, rs.getLong(2));
                assertEquals(2_500, rs.getLong(3));
            }
            c.rollback();
        }
    }

    @Test
    void aListedColumnNoIndexLeadsWithIsRefusedByName() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> DerbyKeys.leadingWith(c, "customer", "display_name"));
            assertTrue(e.getMessage().contains("no index on customer that leads with display_name"), e.getMessage());
        }
    }

    private static List<Long> insertCustomers(Connection c, int n) throws SQLException {
        List<Long> ids = new ArrayList<>();
        Timestamp at = Timestamp.from(T0);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer (id, display_name, created_at, updated_at, version)"
                + " VALUES (?, ?, ?, ?, 1)")) {
            for (long id = 1_000_000; id < 1_000_000 + n; id++) {
                ps.setLong(1, id);
                ps.setString(2, "c" + id);
                ps.setTimestamp(3, at);
                ps.setTimestamp(4, at);
                ps.addBatch();
                ids.add(id);
            }
            ps.executeBatch();
        }
        return ids;
    }

    private static String lastPlan(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
