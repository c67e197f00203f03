package io.siyu.store.internal;

import io.siyu.api.channel.MessageKind;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.store.TouchRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The touch policy's reads in plain JDBC. Full scans (a plan over everyone) read one column pair
 * per row; filtered reads (one customer) go through IN lists of at most {@value #IN_CHUNK} ids.
 * touch_log and customer_dnd keep the customer id of their moment, so their ids are mapped through
 * customer_alias to the live profile here.
 */
final class JdbcTouchRepository implements TouchRepository {
    private static final int IN_CHUNK = 500;

    private final JdbcTransactions jdbc;
    private final SchemaMigrator.Dialect dialect;
    private final InstantConverter instants = new InstantConverter();

    JdbcTouchRepository(DataSource dataSource, SchemaMigrator.Dialect dialect) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.dialect = dialect;
    }

    /** Records who an outbox message reaches, in the transaction that stores it. */
    static void record(Connection c, SchemaMigrator.Dialect dialect, String source, String channelType,
            String channelAccount, MessageKind kind, Collection<ChannelIdentity> recipients, Timestamp at)
            throws SQLException {
        if (recipients.isEmpty()) {
            return;
        }
        Map<ChannelIdentity, Long> owners = new HashMap<>();
        IdentityOwners.lookUp(c, dialect, recipients, owners);
        if (owners.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO touch_log (customer_id, channel_type,"
                + " channel_account, kind, touched_at, source) VALUES (?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (long customer : new java.util.TreeSet<>(owners.values())) {
                ps.setLong(1, customer);
                ps.setString(2, channelType);
                ps.setString(3, channelAccount);
                ps.setString(4, kind.name());
                ps.setTimestamp(5, at);
                ps.setString(6, source);
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    @Override
    public void reachable(IdentityType type, String namespace, long[] among, LongConsumer out) {
        jdbc.read("reading reachable customers", c -> {
            select(c, "SELECT customer_id FROM %s WHERE id_type = ? AND namespace = ?", "customer_identity", "customer_id",
                    among, List.of(type.name(), namespace), rs -> out.accept(rs.getLong(1)));
            return null;
        });
    }

    @Override
    public void addresses(IdentityType type, String namespace, long[] customers, CustomerValue<String> out) {
        jdbc.read("reading customer addresses", c -> {
            select(c, "SELECT customer_id, id_value FROM %s WHERE id_type = ? AND namespace = ?", "customer_identity",
                    "customer_id", customers, List.of(type.name(), namespace),
                    rs -> out.accept(rs.getLong(1), rs.getString(2)));
            return null;
        });
    }

    @Override
    public void optedOut(String channelType, long[] among, LongConsumer out) {
        jdbc.read("reading consent", c -> {
            select(c, "SELECT customer_id FROM %s WHERE channel_type = ? AND state = 'OPTED_OUT'", "customer_consent",
                    "customer_id", among, List.of(channelType), rs -> out.accept(rs.getLong(1)));
            return null;
        });
    }

    @Override
    public void doNotDisturb(Instant at, long[] among, CustomerValue<Instant> out) {
        jdbc.read("reading do-not-disturb", c -> {
            Map<Long, Long> live = aliases(c, among);
            select(c, "SELECT customer_id, until_at FROM %s WHERE until_at > ?", "customer_dnd", "customer_id",
                    widen(among, live), List.of(instants.convertToDatabaseColumn(at)),
                    rs -> out.accept(live.getOrDefault(rs.getLong(1), rs.getLong(1)),
                            instants.convertToEntityAttribute(rs.getTimestamp(2))));
            return null;
        });
    }

    @Override
    public void complained(long customerId, Instant at, Instant until, String source) {
        jdbc.retrying("recording a complaint", c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE customer_dnd SET complained_at = ?, until_at = ?,"
                    + " source = ? WHERE customer_id = ? AND until_at < ?")) {
                up.setTimestamp(1, instants.convertToDatabaseColumn(at));
                up.setTimestamp(2, instants.convertToDatabaseColumn(until));
                up.setString(3, source);
                up.setLong(4, customerId);
                up.setTimestamp(5, instants.convertToDatabaseColumn(until));
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM customer_dnd WHERE customer_id = ?")) {
                exists.setLong(1, customerId);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return null; // already covered until a later time
                    }
                }
            }
            try (PreparedStatement in = c.prepareStatement("INSERT INTO customer_dnd (customer_id, complained_at,"
                    + " until_at, source) VALUES (?, ?, ?, ?)")) {
                in.setLong(1, customerId);
                in.setTimestamp(2, instants.convertToDatabaseColumn(at));
                in.setTimestamp(3, instants.convertToDatabaseColumn(until));
                in.setString(4, source);
                in.executeUpdate();
            }
            return null;
        }, r -> true);
    }

    @Override
    public void touchCounts(String channelType, String channelAccount, Set<MessageKind> kinds, Instant from,
            Instant to, long[] among, CustomerValue<Integer> out) {
        if (kinds.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT customer_id, COUNT(*) FROM %s WHERE touched_at >= ?"
                + " AND touched_at < ? AND kind IN (");
        sql.append(kinds.stream().map(k -> "'" + k.name() + "'").collect(Collectors.joining(", "))).append(')');
        List<Object> params = new ArrayList<>(List.of(instants.convertToDatabaseColumn(from),
                instants.convertToDatabaseColumn(to)));
        if (channelType != null) {
            sql.append(" AND channel_type = ? AND channel_account = ?");
            params.add(channelType);
            params.add(channelAccount);
        }
        jdbc.read("counting touches", c -> {
            Map<Long, Long> live = aliases(c, among);
            select(c, sql.toString(), "touch_log", "customer_id", widen(among, live), params, " GROUP BY customer_id",
                    rs -> out.accept(live.getOrDefault(rs.getLong(1), rs.getLong(1)), rs.getInt(2)));
            return null;
        });
    }

    @Override
    public void touchedBy(String sourcePrefix, LongConsumer out) {
        jdbc.read("reading touches", c -> {
            Map<Long, Long> live = aliases(c, null);
            query(c, "SELECT DISTINCT customer_id FROM touch_log WHERE source LIKE ? ESCAPE '!'",
                    List.of(JdbcOutboxRepository.like(sourcePrefix)), List.of(),
                    rs -> out.accept(live.getOrDefault(rs.getLong(1), rs.getLong(1))));
            return null;
        });
    }

    @Override
    public void attribute(String name, long[] among, CustomerValue<String> out) {
        jdbc.read("reading an attribute", c -> {
            select(c, "SELECT customer_id, value_text FROM %s WHERE name = ?", "customer_attribute", "customer_id", among,
                    List.of(name), rs -> out.accept(rs.getLong(1), rs.getString(2)));
            return null;
        });
    }

    @Override
    public void recordMoment(String staffId, String channelType, String channelAccount, boolean persona, Instant at,
            String source) {
        jdbc.retrying("recording a moment", c -> {
            try (PreparedStatement seen = c.prepareStatement("SELECT 1 FROM moment_post WHERE source = ?")) {
                seen.setString(1, source);
                try (ResultSet rs = seen.executeQuery()) {
                    if (rs.next()) {
                        return null;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO moment_post (staff_id, channel_type,"
                    + " channel_account, persona, posted_at, source) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, staffId);
                ps.setString(2, channelType);
                ps.setString(3, channelAccount);
                ps.setBoolean(4, persona);
                ps.setTimestamp(5, instants.convertToDatabaseColumn(at));
                ps.setString(6, source);
                ps.executeUpdate();
            }
            return null;
        }, r -> true);
    }

    @Override
    public int[] moments(String staffId, Instant from, Instant to) {
        return jdbc.read("counting moments", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT persona, COUNT(*) FROM moment_post"
                    + " WHERE staff_id = ? AND posted_at >= ? AND posted_at < ? GROUP BY persona")) {
                ps.setString(1, staffId);
                ps.setTimestamp(2, instants.convertToDatabaseColumn(from));
                ps.setTimestamp(3, instants.convertToDatabaseColumn(to));
                int[] counts = new int[2];
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts[0] += rs.getInt(2);
                        if (rs.getBoolean(1)) {
                            counts[1] += rs.getInt(2);
                        }
                    }
                }
                return counts;
            }
        });
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void select(Connection c, String sql, String table, String idColumn, long[] among, List<Object> params, Row row)
            throws SQLException {
        select(c, sql, table, idColumn, among, params, "", row);
    }

    /**
     * Runs {@code sql} (its FROM names {@code %s}, for {@code table}), once over everything or once per
     * chunk of {@code among} ids, then through the table's index on {@code idColumn} (see DerbyKeys).
     */
    private void select(Connection c, String sql, String table, String idColumn, long[] among, List<Object> params,
            String tail, Row row) throws SQLException {
        if (among == null) {
            query(c, String.format(sql, table) + tail, params, List.of(), row);
            return;
        }
        String from = String.format(sql, DerbyKeys.leadingWith(c, table, idColumn));
        for (int at = 0; at < among.length; at += IN_CHUNK) {
            long[] chunk = Arrays.copyOfRange(among, at, Math.min(among.length, at + IN_CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.length, "?"));
            query(c, from + " AND " + idColumn + " IN (" + marks + ")" + tail, params,
                    Arrays.stream(chunk).boxed().toList(), row);
        }
    }

    private void query(Connection c, String sql, List<Object> params, List<Long> ids, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (dialect == SchemaMigrator.Dialect.POSTGRESQL) {
                ps.setFetchSize(10_000); // stream a full scan instead of holding it all in the driver
            }
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            for (long id : ids) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    /** alias id → live id: of the given live customers' aliases, or of every alias when {@code among} is null. */
    private Map<Long, Long> aliases(Connection c, long[] among) throws SQLException {
        Map<Long, Long> live = new LinkedHashMap<>();
        select(c, "SELECT alias_id, customer_id FROM %s WHERE 1 = 1", "customer_alias", "customer_id", among, List.of(),
                rs -> live.put(rs.getLong(1), rs.getLong(2)));
        return live;
    }

    /** The live ids plus their aliases, to filter tables that keep old ids. */
    private static long[] widen(long[] among, Map<Long, Long> aliases) {
        if (among == null || aliases.isEmpty()) {
            return among;
        }
        long[] all = Arrays.copyOf(among, among.length + aliases.size());
        int i = among.length;
        for (long alias : aliases.keySet()) {
            all[i++] = alias;
        }
        return all;
    }
}
