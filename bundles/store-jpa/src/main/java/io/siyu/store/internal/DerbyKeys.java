package io.siyu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derby plans a statement once, for the table sizes it sees then, and keeps that plan: an IN list of
 * customer ids first compiled while a table was small goes on scanning the whole table on every run
 * after it has grown to millions of rows (a 1 M × 20-tag import fell to 150 rows/s, and the segment
 * index's catch-up kept a core busy). Hot reads by customer id therefore tell Derby to use the index
 * that leads with the customer id. Those keys were declared without names, so their names are
 * Derby's own; they are looked up once per database.
 */
final class DerbyKeys {
    /** The key of each table whose index leads with the customer id: its primary key or its key to customer. */
    private static final Map<String, String> KEY_TYPE = Map.of(
            "customer", "P", "customer_attribute", "P", "customer_tag", "P",
            "customer_identity", "F", "customer_event", "F");
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

    private DerbyKeys() {
    }

    /** {@code table} for a FROM clause, with the hint to read it through its index on the customer id. */
    static String byCustomer(Connection c, String table) throws SQLException {
        String type = KEY_TYPE.get(table);
        if (type == null) {
            throw new IllegalArgumentException("no key by customer id is known for " + table);
        }
        return via(c, table, type);
    }

    /** {@code table} for a FROM clause, with the hint to read it through its primary key (seq, for the logs). */
    static String byPrimaryKey(Connection c, String table) throws SQLException {
        return via(c, table, "P");
    }

    private static String via(Connection c, String table, String type) throws SQLException {
        String cacheKey = c.getMetaData().getURL() + "|" + table + "|" + type;
        String name = NAMES.get(cacheKey);
        if (name == null) {
            name = lookUp(c, table, type);
            NAMES.put(cacheKey, name);
        }
        return table + " --DERBY-PROPERTIES constraint=" + name + "\n";
    }

    private static String lookUp(Connection c, String table, String type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.CONSTRAINTNAME FROM SYS.SYSCONSTRAINTS k"
                + " JOIN SYS.SYSTABLES t ON k.TABLEID = t.TABLEID JOIN SYS.SYSSCHEMAS s ON t.SCHEMAID = s.SCHEMAID"
                + " WHERE t.TABLENAME = ? AND s.SCHEMANAME = CURRENT SCHEMA AND k.TYPE = ?")) {
            ps.setString(1, table.toUpperCase(java.util.Locale.ROOT));
            ps.setString(2, type);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("Derby has no " + ("P".equals(type) ? "primary key" : "foreign key") + " on " + table);
                }
                String name = rs.getString(1);
                if (rs.next()) {
                    throw new SQLException(table + " has more than one foreign key; say which one leads with the customer id");
                }
                return name;
            }
        }
    }
}
