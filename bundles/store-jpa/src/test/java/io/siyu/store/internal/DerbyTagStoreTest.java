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

    /** Each hot read by customer id or sequence number names a key Derby knows, and reads through its index even on an empty table. */
    @Test
    void hotReadsByCustomerIdAndBySeqGoThroughTheIndexOfTheirKey() throws SQLException {
        Map<String, String> keyColumn = Map.of("customer", "id", "customer_attribute", "customer_id",
                "customer_tag", "customer_id", "customer_identity", "customer_id", "customer_event", "customer_id");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
            for (Map.Entry<String, String> t : keyColumn.entrySet()) {
                String marks = String.join(", ", java.util.Collections.nCopies(TagLinks.IN_CHUNK, "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT " + t.getValue() + " FROM "
                        + DerbyKeys.byCustomer(c, t.getKey()) + " WHERE " + t.getValue() + " IN (" + marks + ")")) {
                    for (int i = 1; i <= TagLinks.IN_CHUNK; i++) {
                        ps.setLong(i, i);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        assertFalse(rs.next());
                    }
                }
                String plan = lastPlan(c);
                assertTrue(plan.contains("Index Scan ResultSet for " + t.getKey().toUpperCase(java.util.Locale.ROOT)
                        + " using constraint"), plan);
            }
            // the segment index's reads of the logs by sequence number
            for (String log : List.of("customer_event", "customer_change")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM " + DerbyKeys.byPrimaryKey(c, log)
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
