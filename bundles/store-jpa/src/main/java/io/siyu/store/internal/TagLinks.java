package io.siyu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The locks writers of tag membership take ({@link TagSets} writes it), and IN lists in chunks. */
final class TagLinks {
    /** Bound parameters per IN list; Derby and PostgreSQL both take this comfortably. */
    static final int IN_CHUNK = 500;
    private static final InstantConverter INSTANTS = new InstantConverter();

    private TagLinks() {
    }

    static Set<Long> existingCustomers(Connection c, Collection<Long> ids) throws SQLException {
        return selectIds(c, "SELECT id FROM " + DerbyKeys.byCustomer(c, "customer") + " WHERE id IN (%s)", List.of(), ids);
    }

    /**
     * The customers that exist, locked against a merge until commit, before tags are linked to them:
     * a merge's FOR UPDATE waits for this transaction, or this one sees the merged-away customer gone
     * and names it unknown before anything is written. Derby's key from customer_tag to customer
     * does the same on each link (PostgreSQL keeps tags on the customer row, V26).
     */
    static Set<Long> lockExistingCustomers(Connection c, Collection<Long> ids) throws SQLException {
        return selectIds(c, "SELECT id FROM " + DerbyKeys.byCustomer(c, "customer") + " WHERE id IN (%s)"
                + (SchemaMigrator.Dialect.of(c) == SchemaMigrator.Dialect.POSTGRESQL ? " FOR KEY SHARE" : ""),
                List.of(), ids);
    }

    /**
     * The tags that exist, locked against their delete until commit, before links to them are
     * written. On PostgreSQL nothing references tag (V25, V26): this one statement per transaction
     * is what a key's check took per link, and a tag delete's FOR UPDATE waits for it. Derby keeps
     * the key; the read alone keeps both stores leaving out the same deleted tags.
     */
    static Set<Long> lockExistingTags(Connection c, Collection<Long> tagIds) throws SQLException {
        if (tagIds.isEmpty()) {
            return Set.of();
        }
        return selectIds(c, "SELECT id FROM " + DerbyKeys.leadingWith(c, "tag", "id") + " WHERE id IN (%s)"
                + (SchemaMigrator.Dialect.of(c) == SchemaMigrator.Dialect.POSTGRESQL ? " ORDER BY id FOR KEY SHARE" : ""),
                List.of(), new java.util.TreeSet<>(tagIds));
    }

    /** Like {@link #lockExistingTags}, for writers that must not go on without one of them. */
    static void lockTagsOrRefuse(Connection c, Collection<Long> tagIds) throws SQLException {
        Set<Long> missing = new java.util.TreeSet<>(tagIds);
        missing.removeAll(lockExistingTags(c, tagIds));
        if (!missing.isEmpty()) {
            throw new io.siyu.api.ConflictException("tag " + missing.iterator().next()
                    + " was deleted meanwhile; nothing was written");
        }
    }

    /** A tag change is a change of the customer: bump the version so a stale full update is refused. */
    static void touch(Connection c, Collection<Long> customerIds, Instant now) throws SQLException {
        Timestamp at = INSTANTS.convertToDatabaseColumn(now);
        if (SchemaMigrator.Dialect.of(c) == SchemaMigrator.Dialect.DERBY) {
            // an UPDATE takes no index hint: one probe of the key per customer (see DerbyKeys)
            try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET version = version + 1, updated_at = ? WHERE id = ?")) {
                int n = 0;
                for (long id : new java.util.TreeSet<>(customerIds)) { // ascending, as every writer locks them
                    ps.setTimestamp(1, at);
                    ps.setLong(2, id);
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return;
        }
        for (List<Long> chunk : chunks(customerIds)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET version = version + 1, updated_at = ?"
                    + " WHERE id IN (" + marks(chunk.size()) + ")")) {
                ps.setTimestamp(1, at);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 2, chunk.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    /** Runs {@code sql} (with one %s for the IN list, after the fixed parameters) per chunk. */
    static Set<Long> selectIds(Connection c, String sql, List<Object> fixed, Collection<Long> ids) throws SQLException {
        Set<Long> found = new HashSet<>();
        for (List<Long> chunk : chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement(String.format(sql, marks(chunk.size())))) {
                int i = 1;
                for (Object f : fixed) {
                    ps.setObject(i++, f);
                }
                for (long id : chunk) {
                    ps.setLong(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
            }
        }
        return found;
    }

    static <T> List<List<T>> chunks(Collection<T> all) {
        List<T> list = new ArrayList<>(new java.util.LinkedHashSet<>(all));
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += IN_CHUNK) {
            out.add(list.subList(i, Math.min(list.size(), i + IN_CHUNK)));
        }
        return out;
    }

    static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
