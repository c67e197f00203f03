package io.siyu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derby plans a statement once, for the table sizes it sees then, and keeps that plan: an IN list
 * of ids first compiled while a table was small goes on scanning the whole table on every run after
 * it has grown to millions of rows (a 1 M × 20-tag import fell to 150 rows/s, and the segment
 * index's catch-up kept a core busy; 500 ids against 50,000 customers took 1.2 s instead of 4 ms).
 * Reads by a list of keys therefore tell Derby which index to probe: one that leads with the
 * listed column, found in Derby's catalog once per database (most keys were declared without
 * names, so their names are Derby's own). A probe by equality (`id = ?`) needs none: Derby takes
 * the index for it even on an empty table. Derby accepts the hint only in a FROM clause, so an
 * UPDATE or DELETE by a list of keys runs as a batch of single-key statements instead.
 */
final class DerbyKeys {
    private static final Map<String, String> HINTS = new ConcurrentHashMap<>();

    private DerbyKeys() {
    }

    /**
     * {@code table} for a FROM clause, read through an index whose first column is {@code column};
     * on PostgreSQL the table alone (it plans each IN list afresh).
     */
    static String leadingWith(Connection c, String table, String column) throws SQLException {
        return leadingWith(c, table, null, column);
    }

    /** The same for a table with a correlation name ({@code alias}, may be null): Derby wants the hint after it. */
    static String leadingWith(Connection c, String table, String alias, String column) throws SQLException {
        String named = alias == null ? table : table + " " + alias;
        if (SchemaMigrator.Dialect.of(c) != SchemaMigrator.Dialect.DERBY) {
            return named;
        }
        String cacheKey = c.getMetaData().getURL() + "|" + c.getSchema() + "|" + table + "|" + column;
        String hint = HINTS.get(cacheKey);
        if (hint == null) {
            hint = lookUp(c, table, column);
            HINTS.put(cacheKey, hint);
        }
        return named + " --DERBY-PROPERTIES " + hint + "\n";
    }

    /** {@code table} read through its index on the customer id ({@code id} for customer itself). */
    static String byCustomer(Connection c, String table) throws SQLException {
        return leadingWith(c, table, "customer".equals(table) ? "id" : "customer_id");
    }

    /** {@code table} read through its index on {@code seq} (the logs' primary key). */
    static String bySeq(Connection c, String table) throws SQLException {
        return leadingWith(c, table, "seq");
    }

    /**
     * The index to name: unique ones (primary key, unique constraint) first, then the shortest, then
     * by name, so the choice is the same on every run. A constraint's index is named through the
     * constraint ({@code constraint=}), a created index by its own name ({@code index=}).
     */
    private static String lookUp(Connection c, String table, String column) throws SQLException {
        int position;
        try (PreparedStatement ps = c.prepareStatement("SELECT col.COLUMNNUMBER FROM SYS.SYSCOLUMNS col"
                + " JOIN SYS.SYSTABLES t ON col.REFERENCEID = t.TABLEID JOIN SYS.SYSSCHEMAS s ON t.SCHEMAID = s.SCHEMAID"
                + " WHERE t.TABLENAME = ? AND s.SCHEMANAME = CURRENT SCHEMA AND col.COLUMNNAME = ?")) {
            ps.setString(1, table.toUpperCase(Locale.ROOT));
            ps.setString(2, column.toUpperCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("Derby has no column " + column + " in " + table);
                }
                position = rs.getInt(1);
            }
        }
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        try (PreparedStatement ps = c.prepareStatement("SELECT g.CONGLOMERATENAME, g.DESCRIPTOR, k.CONSTRAINTNAME"
                + " FROM SYS.SYSCONGLOMERATES g JOIN SYS.SYSTABLES t ON g.TABLEID = t.TABLEID"
                + " JOIN SYS.SYSSCHEMAS s ON t.SCHEMAID = s.SCHEMAID"
                + " LEFT JOIN (SELECT CONSTRAINTID, CONGLOMERATEID FROM SYS.SYSKEYS"
                + " UNION ALL SELECT CONSTRAINTID, CONGLOMERATEID FROM SYS.SYSFOREIGNKEYS) x ON x.CONGLOMERATEID = g.CONGLOMERATEID"
                + " LEFT JOIN SYS.SYSCONSTRAINTS k ON k.CONSTRAINTID = x.CONSTRAINTID"
                + " WHERE t.TABLENAME = ? AND s.SCHEMANAME = CURRENT SCHEMA AND g.ISINDEX")) {
            ps.setString(1, table.toUpperCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // e.g. "UNIQUE BTREE (2, 4 DESC)": the table's column numbers, in index order
                    String descriptor = rs.getString(2);
                    String[] columns = descriptor.substring(descriptor.indexOf('(') + 1, descriptor.indexOf(')')).split(",");
                    if (!columns[0].trim().split(" ")[0].equals(Integer.toString(position))) {
                        continue;
                    }
                    String constraint = rs.getString(3);
                    String hint = constraint != null ? "constraint=" + constraint : "index=" + rs.getString(1);
                    int rank = (descriptor.startsWith("UNIQUE") ? 0 : 1000) + columns.length;
                    if (rank < bestRank || rank == bestRank && hint.compareTo(best) < 0) {
                        best = hint;
                        bestRank = rank;
                    }
                }
            }
        }
        if (best == null) {
            throw new SQLException("Derby has no index on " + table + " that leads with " + column);
        }
        return best;
    }
}
