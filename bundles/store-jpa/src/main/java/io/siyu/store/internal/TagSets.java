package io.siyu.store.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which customers carry which tags, in the form each database stores it best: Derby keeps one
 * {@code customer_tag} row per tag, PostgreSQL an array of tag ids on the customer row with a GIN
 * index (V26: at ~20 tags per customer the link rows were most of an import's server work). Every
 * reader and writer of tag membership goes through here, so the rest of the store names neither.
 *
 * <p>Writers lock what they rely on as before ({@link TagLinks}): tags key-share against their
 * delete, customers against a merge. On PostgreSQL a change of tags updates the customer row, which
 * takes that row's lock itself.
 */
abstract class TagSets {
    private static final TagSets ROWS = new Rows();
    private static final TagSets ARRAYS = new Arrays();

    static TagSets of(SchemaMigrator.Dialect dialect) {
        return dialect == SchemaMigrator.Dialect.POSTGRESQL ? ARRAYS : ROWS;
    }

    static TagSets of(Connection c) throws SQLException {
        return of(SchemaMigrator.Dialect.of(c));
    }

    /** The tags of each of the customers that carries any. */
    abstract Map<Long, Set<Long>> read(Connection c, Collection<Long> customerIds) throws SQLException;

    final Set<Long> read(Connection c, long customerId) throws SQLException {
        return read(c, List.of(customerId)).getOrDefault(customerId, Set.of());
    }

    /** Those of {@code customerIds} that carry the tag. */
    abstract Set<Long> holders(Connection c, long tagId, Collection<Long> customerIds) throws SQLException;

    abstract List<Long> allHolders(Connection c, long tagId) throws SQLException;

    /** Puts the tag on customers that do not carry it (the caller asked {@link #holders}). */
    abstract void link(Connection c, long tagId, Collection<Long> customerIds) throws SQLException;

    abstract void unlink(Connection c, long tagId, Collection<Long> customerIds) throws SQLException;

    /** Puts the tags on one customer; tags it carries already are left as they are. */
    final void add(Connection c, long customerId, Collection<Long> tagIds) throws SQLException {
        addAll(c, Map.of(customerId, tagIds));
    }

    abstract void remove(Connection c, long customerId, Collection<Long> tagIds) throws SQLException;

    /** Puts each customer's tags on it; tags a customer carries already are left as they are. */
    abstract void addAll(Connection c, Map<Long, ? extends Collection<Long>> tagsByCustomer) throws SQLException;

    /** Puts each customer's tags on it, for customers created in this transaction: they carry none yet, so nothing is read. */
    abstract void addToNew(Connection c, Map<Long, ? extends Collection<Long>> tagsByCustomer) throws SQLException;

    /** Takes the tag off every customer (before the tag row itself is deleted). */
    abstract void deleteTag(Connection c, long tagId) throws SQLException;

    /** Customers per tag, for tags carried at all. */
    abstract Map<Long, Long> counts(Connection c) throws SQLException;

    /**
     * A condition on the customer row {@code alias}: it carries every one of {@code tagParams}
     * ({@code all}) or any of them. The parameters are SQL expressions, usually {@code ?}.
     */
    abstract String carries(String alias, List<String> tagParams, boolean all);

    /** A query of {@code (customer_id, tag_id)} for every link, in no order. */
    abstract String links();

    /** Every customer's tags, by ascending customer id; customers without tags are left out. */
    abstract void scan(Connection c, io.siyu.store.IndexFeed.TagSink sink) throws SQLException;

    /** Derby: one customer_tag row per link, with keys to customer and tag that cascade deletes. */
    private static final class Rows extends TagSets {
        private static final String INSERT = "INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)";

        @Override
        Map<Long, Set<Long>> read(Connection c, Collection<Long> customerIds) throws SQLException {
            Map<Long, Set<Long>> out = new HashMap<>();
            for (List<Long> chunk : TagLinks.chunks(customerIds)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, tag_id FROM " + DerbyKeys.byCustomer(c, "customer_tag")
                        + " WHERE customer_id IN (" + TagLinks.marks(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setLong(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getLong(2));
                        }
                    }
                }
            }
            return out;
        }

        @Override
        Set<Long> holders(Connection c, long tagId, Collection<Long> customerIds) throws SQLException {
            return TagLinks.selectIds(c, "SELECT customer_id FROM " + DerbyKeys.byCustomer(c, "customer_tag") + " WHERE tag_id = ? AND customer_id IN (%s)",
                    List.of(tagId), customerIds);
        }

        @Override
        List<Long> allHolders(Connection c, long tagId) throws SQLException {
            return ids(c, "SELECT customer_id FROM customer_tag WHERE tag_id = ?", tagId);
        }

        @Override
        void link(Connection c, long tagId, Collection<Long> customerIds) throws SQLException {
            pairs(c, INSERT, customerIds(customerIds, tagId));
        }

        @Override
        void unlink(Connection c, long tagId, Collection<Long> customerIds) throws SQLException {
            pairs(c, "DELETE FROM customer_tag WHERE customer_id = ? AND tag_id = ?", customerIds(customerIds, tagId));
        }

        @Override
        void remove(Connection c, long customerId, Collection<Long> tagIds) throws SQLException {
            List<long[]> pairs = new ArrayList<>();
            tagIds.forEach(t -> pairs.add(new long[] {customerId, t}));
            pairs(c, "DELETE FROM customer_tag WHERE customer_id = ? AND tag_id = ?", pairs);
        }

        @Override
        void addAll(Connection c, Map<Long, ? extends Collection<Long>> tagsByCustomer) throws SQLException {
            Map<Long, Set<Long>> carried = read(c, tagsByCustomer.keySet());
            Map<Long, List<Long>> missing = new HashMap<>();
            tagsByCustomer.forEach((customer, tags) -> {
                Set<Long> has = carried.getOrDefault(customer, Set.of());
                missing.put(customer, tags.stream().filter(t -> !has.contains(t)).toList());
            });
            addToNew(c, missing);
        }

        @Override
        void addToNew(Connection c, Map<Long, ? extends Collection<Long>> tagsByCustomer) throws SQLException {
            List<long[]> pairs = new ArrayList<>();
            tagsByCustomer.forEach((customer, tags) -> new LinkedHashSet<>(tags).forEach(t -> pairs.add(new long[] {customer, t})));
            pairs(c, INSERT, pairs);
        }

        @Override
        void deleteTag(Connection c, long tagId) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer_tag WHERE tag_id = ?")) {
                ps.setLong(1, tagId);
                ps.executeUpdate();
            }
        }

        @Override
        Map<Long, Long> counts(Connection c) throws SQLException {
            return countQuery(c, "SELECT tag_id, COUNT(*) FROM customer_tag GROUP BY tag_id");
        }

        @Override
        String carries(String alias, List<String> tagParams, boolean all) {
            if (all) {
                List<String> parts = new ArrayList<>();
                tagParams.forEach(p -> parts.add(alias + ".id IN (SELECT customer_id FROM customer_tag WHERE tag_id = " + p + ")"));
                return String.join(" AND ", parts);
            }
            return alias + ".id IN (SELECT customer_id FROM customer_tag WHERE tag_id IN (" + String.join(", ", tagParams) + "))";
        }

        @Override
        String links() {
            return "SELECT customer_id, tag_id FROM customer_tag";
        }

        @Override
        void scan(Connection c, io.siyu.store.IndexFeed.TagSink sink) throws SQLException {
            try (PreparedStatement ps = JdbcIndexFeed.streaming(c, "SELECT customer_id, tag_id FROM customer_tag ORDER BY customer_id");
                    ResultSet rs = ps.executeQuery()) {
                long[] buf = new long[32];
                int n = 0;
                long current = -1;
                while (rs.next()) {
                    long customer = rs.getLong(1);
                    if (customer != current) {
                        if (n > 0) {
                            sink.accept(current, java.util.Arrays.copyOf(buf, n));
                        }
                        current = customer;
                        n = 0;
                    }
                    if (n == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, n * 2);
                    }
                    buf[n++] = rs.getLong(2);
                }
                if (n > 0) {
                    sink.accept(current, java.util.Arrays.copyOf(buf, n));
                }
            }
        }

        private static List<long[]> customerIds(Collection<Long> customers, long tagId) {
            List<long[]> pairs = new ArrayList<>();
            new LinkedHashSet<>(customers).forEach(id -> pairs.add(new long[] {id, tagId}));
            return pairs;
        }

        private static void pairs(Connection c, String sql, List<long[]> pairs) throws SQLException {
            if (pairs.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (long[] p : pairs) {
                    ps.setLong(1, p[0]);
                    ps.setLong(2, p[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * PostgreSQL: {@code customer.tag_ids}, a set kept as an array (no repeats, in no particular
     * order) with a GIN index. Each statement computes the new array from the row's current one, so
     * concurrent writers of the same customer serialize on its row lock and lose nothing.
     */
    static final class Arrays extends TagSets {
        @Override
        Map<Long, Set<Long>> read(Connection c, Collection<Long> customerIds) throws SQLException {
            Map<Long, Set<Long>> out = new HashMap<>();
            if (customerIds.isEmpty()) {
                return out;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tag_ids FROM customer"
                    + " WHERE id = ANY(?) AND cardinality(tag_ids) > 0")) {
                ps.setArray(1, array(c, customerIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Set<Long> tags = new TreeSet<>();
                        for (long t : longs(rs.getArray(2))) {
                            tags.add(t);
                        }
                        out.put(rs.getLong(1), tags);
                    }
                }
            }
            return out;
        }

        @Override
        Set<Long> holders(Connection c, long tagId, Collection<Long> customerIds) throws SQLException {
            if (customerIds.isEmpty()) {
                return new HashSet<>();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM customer"
                    + " WHERE id = ANY(?) AND tag_ids @> ARRAY[CAST(? AS BIGINT)]")) {
                ps.setArray(1, array(c, customerIds));
                ps.setLong(2, tagId);
                return new HashSet<>(ids(ps));
            }
        }

        @Override
        List<Long> allHolders(Connection c, long tagId) throws SQLException {
            return ids(c, "SELECT id FROM customer WHERE tag_ids @> ARRAY[CAST(? AS BIGINT)]", tagId);
        }

        @Override
        void link(Connection c, long tagId, Collection<Long> customerIds) throws SQLException {
            forCustomers(c, "UPDATE customer SET tag_ids = array_append(tag_ids, CAST(? AS BIGINT))"
                    + " WHERE id = ANY(?) AND NOT tag_ids @> ARRAY[CAST(? AS BIGINT)]", tagId, customerIds);
        }

        @Override
        void unlink(Connection c, long tagId, Collection<Long> customerIds) throws SQLException {
            forCustomers(c, "UPDATE customer SET tag_ids = array_remove(tag_ids, CAST(? AS BIGINT))"
                    + " WHERE id = ANY(?) AND tag_ids @> ARRAY[CAST(? AS BIGINT)]", tagId, customerIds);
        }

        /** Runs {@code sql} with the tag, the customers as one array, and the tag again. */
        private static void forCustomers(Connection c, String sql, long tagId, Collection<Long> customerIds)
                throws SQLException {
            if (customerIds.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, tagId);
                ps.setArray(2, array(c, customerIds));
                ps.setLong(3, tagId);
                ps.executeUpdate();
            }
        }

        @Override
        void remove(Connection c, long customerId, Collection<Long> tagIds) throws SQLException {
            if (tagIds.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET tag_ids = ARRAY(SELECT t FROM unnest(tag_ids) t"
                    + " WHERE t <> ALL(?)) WHERE id = ? AND tag_ids && ?")) {
                Array tags = array(c, tagIds);
                ps.setArray(1, tags);
                ps.setLong(2, customerId);
                ps.setArray(3, tags);
                ps.executeUpdate();
            }
        }

        @Override
        void addAll(Connection c, Map<Long, ? extends Collection<Long>> tagsByCustomer) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET tag_ids = tag_ids || ARRAY(SELECT DISTINCT t"
                    + " FROM unnest(CAST(? AS BIGINT[])) t WHERE t <> ALL(tag_ids)) WHERE id = ? AND NOT tag_ids @> ?")) {
                boolean any = false;
                for (Map.Entry<Long, ? extends Collection<Long>> e : tagsByCustomer.entrySet()) {
                    if (e.getValue().isEmpty()) {
                        continue;
                    }
                    Array tags = array(c, e.getValue());
                    ps.setArray(1, tags);
                    ps.setLong(2, e.getKey());
                    ps.setArray(3, tags);
                    ps.addBatch();
                    any = true;
                }
                if (any) {
                    ps.executeBatch();
                }
            }
        }

        /** A new customer's array is empty: the same UPDATE, which reads only that row. */
        @Override
        void addToNew(Connection c, Map<Long, ? extends Collection<Long>> tagsByCustomer) throws SQLException {
            addAll(c, tagsByCustomer);
        }

        @Override
        void deleteTag(Connection c, long tagId) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("UPDATE customer SET tag_ids = array_remove(tag_ids, CAST(? AS BIGINT))"
                    + " WHERE tag_ids @> ARRAY[CAST(? AS BIGINT)]")) {
                ps.setLong(1, tagId);
                ps.setLong(2, tagId);
                ps.executeUpdate();
            }
        }

        @Override
        Map<Long, Long> counts(Connection c) throws SQLException {
            return countQuery(c, "SELECT t, COUNT(*) FROM customer CROSS JOIN LATERAL unnest(tag_ids) AS t GROUP BY t");
        }

        @Override
        String carries(String alias, List<String> tagParams, boolean all) {
            List<String> casts = new ArrayList<>();
            tagParams.forEach(p -> casts.add("CAST(" + p + " AS BIGINT)"));
            return alias + ".tag_ids " + (all ? "@>" : "&&") + " ARRAY[" + String.join(", ", casts) + "]";
        }

        @Override
        String links() {
            return "SELECT c.id AS customer_id, t.tag_id FROM customer c CROSS JOIN LATERAL unnest(c.tag_ids) AS t(tag_id)";
        }

        @Override
        void scan(Connection c, io.siyu.store.IndexFeed.TagSink sink) throws SQLException {
            try (PreparedStatement ps = JdbcIndexFeed.streaming(c, "SELECT id, tag_ids FROM customer WHERE cardinality(tag_ids) > 0 ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getLong(1), longs(rs.getString(2)));
                }
            }
        }

        private static Array array(Connection c, Collection<Long> ids) throws SQLException {
            return c.createArrayOf("bigint", new LinkedHashSet<>(ids).toArray());
        }

        /**
         * A bigint array's text form, {@code {3,17,50}}, read without the driver's {@code getArray}:
         * that boxes every element through a list and was most of a full index build's customer scan.
         */
        static long[] longs(String text) {
            int n = 0;
            int len = text.length() - 1; // past the last element: the closing brace
            if (len > 1) {
                n = 1;
                for (int i = 1; i < len; i++) {
                    if (text.charAt(i) == ',') {
                        n++;
                    }
                }
            }
            long[] out = new long[n];
            int at = 0;
            long value = 0;
            boolean negative = false;
            for (int i = 1; i < len; i++) {
                char ch = text.charAt(i);
                if (ch == ',') {
                    out[at++] = negative ? -value : value;
                    value = 0;
                    negative = false;
                } else if (ch == '-') {
                    negative = true;
                } else if (ch >= '0' && ch <= '9') {
                    value = value * 10 + (ch - '0');
                } else {
                    throw new IllegalStateException("not a bigint array: " + text);
                }
            }
            if (n > 0) {
                out[at] = negative ? -value : value;
            }
            return out;
        }

        private static long[] longs(Array a) throws SQLException {
            Object[] values = (Object[]) a.getArray();
            long[] out = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = ((Number) values[i]).longValue();
            }
            return out;
        }
    }

    private static List<Long> ids(Connection c, String sql, long param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, param);
            return ids(ps);
        }
    }

    private static List<Long> ids(PreparedStatement ps) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static Map<Long, Long> countQuery(Connection c, String sql) throws SQLException {
        Map<Long, Long> counts = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
