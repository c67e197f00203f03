package io.siyu.store.internal;

import io.siyu.store.CustomerFacts;
import io.siyu.store.EventFact;
import io.siyu.store.IndexFeed;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** The index feed over plain JDBC: scans stream with a fetch size, so a rebuild never holds the whole table. */
final class JdbcIndexFeed implements IndexFeed {
    private static final int FETCH = 10_000;
    private static final int IN_CHUNK = 500;
    /** Seconds between 1970 and 2000, the base of Derby's TIMESTAMPDIFF below (an INT there). */
    private static final long Y2K = 946_684_800L;

    private final JdbcTransactions jdbc;
    private final boolean postgres;
    private final TagSets tagSets;
    private final InstantConverter instants = new InstantConverter();
    /** Times and amounts computed by the database: decoding 10 million timestamps in Java dominated rebuilds. */
    private final String eventColumns;
    /** What scanCustomers gives as tags: they come from scanTags. */
    private static final long[] NO_TAGS = new long[0];

    JdbcIndexFeed(DataSource dataSource, SchemaMigrator.Dialect dialect) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.postgres = dialect == SchemaMigrator.Dialect.POSTGRESQL;
        this.tagSets = TagSets.of(dialect);
        String seconds = postgres
                // date_part is double precision; EXTRACT is numeric since PostgreSQL 14, 15% slower over 10 M rows
                ? "CAST(FLOOR(date_part('epoch', occurred_at)) AS BIGINT) - " + Y2K
                // Derby's TIMESTAMPDIFF builds a calendar per row, a third of a full scan's time: the
                // fields are read instead (bit operations in Derby) and counted in seconds by derbySeconds
                : "YEAR(occurred_at), MONTH(occurred_at), DAY(occurred_at), HOUR(occurred_at), MINUTE(occurred_at),"
                        + " SECOND(occurred_at)";
        this.eventColumns = "seq, customer_id, event_type, CAST(amount * 10000 AS BIGINT), " + seconds;
    }

    @Override
    public long changeHead() {
        return jdbc.read("reading the change log", c -> max(c, "SELECT MAX(seq) FROM customer_change"));
    }

    @Override
    public long eventHead() {
        return jdbc.read("reading the event log", c -> max(c, "SELECT MAX(seq) FROM customer_event"));
    }

    private static long max(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public List<Change> changes(List<Range> ranges, int limit) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        return jdbc.read("reading the change log", c -> bySeq(c, "seq, customer_id, born", "customer_change", ranges, limit,
                rs -> new Change(rs.getLong(1), rs.getLong(2), rs.getBoolean(3))));
    }

    @Override
    public List<EventFact> events(List<Range> ranges, int limit) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        return jdbc.read("reading the event log", c -> bySeq(c, eventColumns, "customer_event", ranges, limit, this::event));
    }

    /** One row of a result, mapped. */
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * The first {@code limit} rows of the table, by seq, whose seq lies in one of the ranges (disjoint,
     * in any order). On PostgreSQL one index range scan per range (unnest … LATERAL): the OR of the
     * ranges was planned as a (parallel) scan of the whole table whenever statistics lagged, which a
     * catch-up behind concurrent writers, with a range per gap, ran every few seconds. On Derby one
     * range scan of the primary key per range, lowest first: with three producers a catch-up met
     * hundreds of gaps; one OR of them all was "too complex" for Derby on every retry (the index
     * stopped following the event log), and an OR of a few dozen scanned the whole table.
     */
    private <T> List<T> bySeq(Connection c, String columns, String table, List<Range> ranges, int limit, RowReader<T> reader)
            throws SQLException {
        List<T> out = new ArrayList<>();
        if (postgres) {
            String first = " ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY";
            try (PreparedStatement ps = c.prepareStatement("SELECT x.* FROM unnest(?::bigint[], ?::bigint[]) AS r(lo, hi)"
                    + " CROSS JOIN LATERAL (SELECT " + columns + " FROM " + table + " WHERE seq BETWEEN r.lo AND r.hi"
                    + first + ") x" + first)) {
                ps.setArray(1, c.createArrayOf("bigint", ranges.stream().map(Range::from).toArray()));
                ps.setArray(2, c.createArrayOf("bigint", ranges.stream().map(Range::to).toArray()));
                read(ps, reader, out);
            }
            return out;
        }
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(java.util.Comparator.comparingLong(Range::from));
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + DerbyKeys.bySeq(c, table)
                + " WHERE seq BETWEEN ? AND ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            for (Range r : sorted) {
                if (out.size() >= limit) {
                    break;
                }
                ps.setLong(1, r.from());
                ps.setLong(2, r.to());
                ps.setInt(3, limit - out.size());
                read(ps, reader, out);
            }
        }
        return out;
    }

    private static <T> void read(PreparedStatement ps, RowReader<T> reader, List<T> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
        }
    }

    private EventFact event(ResultSet rs) throws SQLException {
        // whole seconds are all the index keeps of a time
        long seconds = postgres ? rs.getLong(5) : derbySeconds(rs, 5);
        return new EventFact(rs.getLong(1), rs.getLong(2), rs.getString(3), (seconds + Y2K) * 1000L, rs.getLong(4));
    }

    /** Seconds since 2000 (floored, as on PostgreSQL) from a timestamp's fields in columns from..from+5. */
    static long derbySeconds(ResultSet rs, int from) throws SQLException {
        long days = java.time.LocalDate.of(rs.getInt(from), rs.getInt(from + 1), rs.getInt(from + 2)).toEpochDay() - Y2K / 86_400;
        // SECOND is a DOUBLE with the fraction; getInt drops it
        return days * 86_400 + rs.getInt(from + 3) * 3_600L + rs.getInt(from + 4) * 60L + rs.getInt(from + 5);
    }

    @Override
    public void scanCustomers(Consumer<CustomerFacts> sink) {
        // Three ordered cursors merged by customer id: one pass over each table, no per-customer query.
        jdbc.inTransaction("scanning customers", c -> {
            try (PreparedStatement ids = streaming(c, "SELECT id FROM customer ORDER BY id");
                    PreparedStatement attrs = streaming(c, "SELECT customer_id, name, value_type, value_text"
                            + " FROM customer_attribute ORDER BY customer_id");
                    PreparedStatement reach = streaming(c, "SELECT customer_id, id_type, namespace"
                            + " FROM customer_identity ORDER BY customer_id");
                    ResultSet idRs = ids.executeQuery();
                    ResultSet attrRs = attrs.executeQuery();
                    ResultSet reachRs = reach.executeQuery()) {
                // each cursor's current customer id is read once per row
                long attrAt = attrRs.next() ? attrRs.getLong(1) : Long.MAX_VALUE;
                long reachAt = reachRs.next() ? reachRs.getLong(1) : Long.MAX_VALUE;
                while (idRs.next()) {
                    long id = idRs.getLong(1);
                    Map<String, Object> attributes = Map.of();
                    while (attrAt <= id) {
                        if (attrAt == id) {
                            if (attributes.isEmpty()) {
                                attributes = new HashMap<>();
                            }
                            attributes.put(attrRs.getString(2), value(attrRs.getString(3), attrRs.getString(4)));
                        }
                        attrAt = attrRs.next() ? attrRs.getLong(1) : Long.MAX_VALUE;
                    }
                    while (reachAt <= id) {
                        if (reachAt == id) {
                            if (attributes.isEmpty()) {
                                attributes = new HashMap<>();
                            }
                            attributes.put(CustomerFacts.reachAttribute(reachRs.getString(2), reachRs.getString(3)), Boolean.TRUE);
                        }
                        reachAt = reachRs.next() ? reachRs.getLong(1) : Long.MAX_VALUE;
                    }
                    sink.accept(new CustomerFacts(id, NO_TAGS, attributes));
                }
            }
            return null;
        }, r -> false); // read only: nothing to commit
    }

    @Override
    public boolean tagsReadApart() {
        return !postgres;
    }

    @Override
    public void scanTags(TagSink sink) {
        jdbc.inTransaction("scanning tags", c -> {
            tagSets.scan(c, sink);
            return null;
        }, r -> false); // read only: nothing to commit
    }

    @Override
    public void scanEvents(long upTo, Consumer<EventFact> sink) {
        jdbc.inTransaction("scanning events", c -> {
            try (PreparedStatement ps = streaming(c, "SELECT " + eventColumns + " FROM customer_event WHERE seq <= ?")) {
                ps.setLong(1, upTo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(event(rs));
                    }
                }
            }
            return null;
        }, r -> false); // read only: nothing to commit
    }

    /** PostgreSQL streams only inside a transaction with a fetch size; Derby streams anyway. */
    static PreparedStatement streaming(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(FETCH);
        return ps;
    }

    @Override
    public Map<Long, CustomerFacts> customers(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.inTransaction("reading customers", c -> {
            Map<Long, Set<Long>> tags = new HashMap<>();
            Map<Long, Map<String, Object>> attrs = new HashMap<>();
            Map<Long, CustomerFacts> out = new LinkedHashMap<>();
            for (List<Long> chunk : chunks(ids)) {
                List<Long> live = new ArrayList<>();
                try (PreparedStatement ps = byCustomer(c, "id", "customer", "id", chunk); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        live.add(rs.getLong(1));
                    }
                }
                tags.putAll(tagSets.read(c, chunk));
                try (PreparedStatement ps = byCustomer(c, "customer_id, name, value_type, value_text", "customer_attribute",
                        "customer_id", chunk); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attrs.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                                .put(rs.getString(2), value(rs.getString(3), rs.getString(4)));
                    }
                }
                try (PreparedStatement ps = byCustomer(c, "customer_id, id_type, namespace", "customer_identity", "customer_id", chunk);
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attrs.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                                .put(CustomerFacts.reachAttribute(rs.getString(2), rs.getString(3)), Boolean.TRUE);
                    }
                }
                for (long id : live) {
                    long[] t = tags.getOrDefault(id, Set.of()).stream().mapToLong(Long::longValue).toArray();
                    out.put(id, new CustomerFacts(id, t, attrs.getOrDefault(id, Map.of())));
                }
            }
            return out;
        }, r -> false); // read only: nothing to commit
    }

    @Override
    public List<EventFact> eventsOf(Collection<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.read("reading events", c -> {
            List<EventFact> out = new ArrayList<>();
            for (List<Long> chunk : chunks(customerIds)) {
                try (PreparedStatement ps = byCustomer(c, eventColumns, "customer_event", "customer_id", chunk);
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(event(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int pruneChanges(Instant olderThan) {
        return jdbc.inTransaction("pruning the change log", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer_change WHERE changed_at < ?")) {
                ps.setTimestamp(1, instants.convertToDatabaseColumn(olderThan));
                return ps.executeUpdate();
            }
        }, r -> true);
    }

    /** Attribute values as the index compares them: numbers as BigDecimal, booleans, everything else as text. */
    static Object value(String type, String text) {
        return switch (type) {
            case "boolean" -> Boolean.valueOf(text);
            case "integer", "decimal" -> new BigDecimal(text);
            default -> text;
        };
    }

    /**
     * {@code SELECT columns FROM table WHERE key IN ids}. On PostgreSQL as one probe of the key's
     * index per id (unnest … LATERAL): an IN list or {@code = ANY} over a table without fresh
     * statistics (autovacuum off, or a bulk load faster than auto-analyze) is planned as a scan of
     * the whole table, and a segment index catching up on a million new customers took seconds per
     * chunk of 500. OFFSET 0 keeps the subquery a subquery: flattened into a join, a table of 20 M
     * tag rows without statistics (200 rows per id assumed) made it a hash join over the whole table.
     */
    private PreparedStatement byCustomer(Connection c, String columns, String table, String key, List<Long> ids)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(postgres
                ? "SELECT x.* FROM unnest(?::bigint[]) AS v(id) CROSS JOIN LATERAL"
                        + " (SELECT " + columns + " FROM " + table + " WHERE " + key + " = v.id OFFSET 0) x"
                : "SELECT " + columns + " FROM " + DerbyKeys.byCustomer(c, table) + " WHERE " + key + " IN (" + marks(ids.size()) + ")");
        try {
            if (postgres) {
                // distinct, as IN would be: a repeated id would repeat its rows
                ps.setArray(1, c.createArrayOf("bigint", new java.util.LinkedHashSet<>(ids).toArray()));
            } else {
                bindIds(ps, ids);
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    private static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = new ArrayList<>(ids);
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bindIds(PreparedStatement ps, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setLong(i + 1, ids.get(i));
        }
    }
}
