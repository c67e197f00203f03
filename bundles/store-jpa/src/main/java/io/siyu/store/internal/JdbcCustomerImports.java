package io.siyu.store.internal;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.store.CustomerImports;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Customer import in plain JDBC: per chunk, one IN query per identity scope finds the owners, then
 * a handful of batched statements write every row, all in one transaction (EclipseLink would
 * write row by row). Rows that conflict are decided before anything is written, so they are skipped
 * whole; a database failure rolls the whole chunk back.
 */
final class JdbcCustomerImports implements CustomerImports {
    private static final int IN_CHUNK = 500;
    /** customer_seq hands out blocks of this size (see V1__customers.sql and CustomerEntity). */
    private static final int ID_BLOCK = 50;

    private final JdbcTransactions jdbc;
    private final SchemaMigrator.Dialect dialect;
    private final InstantConverter instants = new InstantConverter();

    JdbcCustomerImports(DataSource dataSource, SchemaMigrator.Dialect dialect) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.dialect = dialect;
    }

    @Override
    public List<Result> importChunk(List<Row> rows, boolean upsert, boolean write, Instant now) {
        if (!write) {
            return jdbc.read("checking imported customers", c -> plan(c, rows, upsert).results);
        }
        // Retried when a concurrent writer took an identity or merged a target away: the retry
        // decides again, and such a row becomes a conflict.
        return jdbc.retrying("importing customers", c -> {
            Plan plan = plan(c, rows, upsert);
            write(c, plan, now);
            return plan.results;
        }, results -> true);
    }

    /** The decision for every row of a chunk, from the owners stored now. */
    private static final class Plan {
        final List<Result> results = new ArrayList<>();
        final List<Row> creates = new ArrayList<>();
        final List<Row> updates = new ArrayList<>();
        /** By identity: rows are records, and hashing their drafts again and again would be waste. */
        final Map<Row, Long> targets = new IdentityHashMap<>();
        final Set<Row> updating = Collections.newSetFromMap(new IdentityHashMap<>());
        final Map<ChannelIdentity, Long> owners = new HashMap<>();
    }

    private Plan plan(Connection c, List<Row> rows, boolean upsert) throws SQLException {
        Plan plan = new Plan();
        Set<ChannelIdentity> all = new LinkedHashSet<>();
        rows.forEach(r -> all.addAll(r.draft().identities()));
        lookUpOwners(c, all, plan.owners);
        Map<ChannelIdentity, Long> claimedBy = new HashMap<>();
        Map<Long, Long> updatedBy = new HashMap<>();
        for (Row row : rows) {
            String conflict = null;
            Set<Long> holders = new LinkedHashSet<>();
            for (ChannelIdentity i : row.draft().identities()) {
                Long earlier = claimedBy.get(i);
                if (earlier != null) {
                    conflict = "identity " + i + " is also on row " + earlier;
                    break;
                }
                Long owner = plan.owners.get(i);
                if (owner != null) {
                    holders.add(owner);
                    if (!upsert) {
                        conflict = "identity " + i + " belongs to customer " + owner
                                + " (import with mode=upsert to update it)";
                        break;
                    }
                }
            }
            if (conflict == null && holders.size() > 1) {
                conflict = "the row's identities belong to customers " + holders + "; merge them first";
            }
            Long target = holders.isEmpty() ? null : holders.iterator().next();
            if (conflict == null && target != null && updatedBy.containsKey(target)) {
                conflict = "customer " + target + " is also updated by row " + updatedBy.get(target);
            }
            if (conflict != null) {
                plan.results.add(new Result(row.row(), Outcome.CONFLICT, 0, conflict));
                continue;
            }
            row.draft().identities().forEach(i -> claimedBy.put(i, row.row()));
            if (target == null) {
                plan.creates.add(row);
                plan.results.add(new Result(row.row(), Outcome.CREATED, 0, ""));
            } else {
                updatedBy.put(target, row.row());
                plan.updates.add(row);
                plan.updating.add(row);
                plan.targets.put(row, target);
                plan.results.add(new Result(row.row(), Outcome.UPDATED, target, ""));
            }
        }
        return plan;
    }

    private void write(Connection c, Plan plan, Instant now) throws SQLException {
        Timestamp at = instants.convertToDatabaseColumn(now);
        Map<Long, Long> createdIds = new HashMap<>();
        List<Long> changed = new ArrayList<>();
        try (PreparedStatement customer = c.prepareStatement("INSERT INTO customer"
                + " (id, display_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, 1)")) {
            java.util.Iterator<Long> blocks = idBlockEnds(c, (plan.creates.size() + ID_BLOCK - 1) / ID_BLOCK).iterator();
            long next = 0;
            long last = -1;
            for (Row row : plan.creates) {
                if (next > last) {
                    last = blocks.next();
                    next = last - ID_BLOCK + 1;
                }
                long id = next++;
                createdIds.put(row.row(), id);
                plan.targets.put(row, id);
                changed.add(id);
                customer.setLong(1, id);
                customer.setString(2, row.draft().displayName());
                customer.setTimestamp(3, at);
                customer.setTimestamp(4, at);
                customer.addBatch();
            }
            if (!plan.creates.isEmpty()) {
                customer.executeBatch();
            }
        }
        if (!plan.updates.isEmpty()) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE customer SET display_name = ?, updated_at = ?, version = version + 1 WHERE id = ?")) {
                for (Row row : plan.updates) {
                    update.setString(1, row.draft().displayName());
                    update.setTimestamp(2, at);
                    update.setLong(3, plan.targets.get(row));
                    update.addBatch();
                    changed.add(plan.targets.get(row));
                }
                int[] counts = update.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        throw new JdbcTransactions.Stale("customer " + plan.targets.get(plan.updates.get(i)) + " is gone");
                    }
                }
            }
        }
        List<Row> written = new ArrayList<>(plan.creates);
        written.addAll(plan.updates);
        writeIdentities(c, written, plan);
        writeAttributes(c, written, plan);
        writeTags(c, written, plan);
        ChangeLog.record(c, changed, now);
        // The results of created rows carry the new ids.
        for (int i = 0; i < plan.results.size(); i++) {
            Result r = plan.results.get(i);
            Long id = createdIds.get(r.row());
            if (r.outcome() == Outcome.CREATED && id != null) {
                plan.results.set(i, new Result(r.row(), r.outcome(), id, r.message()));
            }
        }
    }

    private static void writeIdentities(Connection c, List<Row> rows, Plan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_identity"
                + " (customer_id, id_type, namespace, id_value) VALUES (?, ?, ?, ?)")) {
            boolean any = false;
            for (Row row : rows) {
                long id = plan.targets.get(row);
                for (ChannelIdentity i : row.draft().identities()) {
                    if (plan.owners.get(i) != null) {
                        continue; // an update's identity it already holds
                    }
                    ps.setLong(1, id);
                    ps.setString(2, i.type().name());
                    ps.setString(3, i.namespace());
                    ps.setString(4, i.value());
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }

    private static void writeAttributes(Connection c, List<Row> rows, Plan plan) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM customer_attribute WHERE customer_id = ? AND name = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO customer_attribute"
                        + " (customer_id, name, value_type, value_text) VALUES (?, ?, ?, ?)")) {
            boolean anyDelete = false;
            boolean anyInsert = false;
            for (Row row : rows) {
                long id = plan.targets.get(row);
                boolean update = plan.updating.contains(row);
                for (Map.Entry<String, Object> a : row.draft().attributes().entrySet()) {
                    if (update) {
                        delete.setLong(1, id);
                        delete.setString(2, a.getKey());
                        delete.addBatch();
                        anyDelete = true;
                    }
                    AttributeValue v = AttributeValue.of(a.getValue());
                    insert.setLong(1, id);
                    insert.setString(2, a.getKey());
                    insert.setString(3, v.type());
                    insert.setString(4, v.text());
                    insert.addBatch();
                    anyInsert = true;
                }
            }
            if (anyDelete) {
                delete.executeBatch();
            }
            if (anyInsert) {
                insert.executeBatch();
            }
        }
    }

    private static void writeTags(Connection c, List<Row> rows, Plan plan) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM customer_tag WHERE customer_id = ? AND tag_id = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)")) {
            boolean anyDelete = false;
            boolean anyInsert = false;
            for (Row row : rows) {
                long id = plan.targets.get(row);
                boolean update = plan.updating.contains(row);
                for (long tag : row.draft().tagIds()) {
                    if (update) {
                        // adding a tag the customer has is a no-op, not a duplicate key
                        delete.setLong(1, id);
                        delete.setLong(2, tag);
                        delete.addBatch();
                        anyDelete = true;
                    }
                    insert.setLong(1, id);
                    insert.setLong(2, tag);
                    insert.addBatch();
                    anyInsert = true;
                }
            }
            if (anyDelete) {
                delete.executeBatch();
            }
            if (anyInsert) {
                insert.executeBatch();
            }
        }
    }

    /**
     * The owner of every identity. PostgreSQL: one IN query per type and namespace. Derby probes an
     * IN list only on an index's first column, so there it would scan every identity of the type
     * per query (quadratic in the table); a point lookup per identity on the unique index is cheap
     * in an embedded database.
     */
    private void lookUpOwners(Connection c, Set<ChannelIdentity> identities, Map<ChannelIdentity, Long> owners)
            throws SQLException {
        if (dialect == SchemaMigrator.Dialect.DERBY) {
            try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM customer_identity"
                    + " WHERE id_type = ? AND namespace = ? AND id_value = ?")) {
                for (ChannelIdentity i : identities) {
                    ps.setString(1, i.type().name());
                    ps.setString(2, i.namespace());
                    ps.setString(3, i.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            owners.put(i, rs.getLong(1));
                        }
                    }
                }
            }
            return;
        }
        Map<String, List<ChannelIdentity>> byScope = new LinkedHashMap<>();
        for (ChannelIdentity i : identities) {
            byScope.computeIfAbsent(i.type().name() + "\u0000" + i.namespace(), k -> new ArrayList<>()).add(i);
        }
        for (List<ChannelIdentity> scope : byScope.values()) {
            ChannelIdentity first = scope.get(0);
            Map<String, ChannelIdentity> byValue = new HashMap<>();
            scope.forEach(i -> byValue.put(i.value(), i));
            for (int from = 0; from < scope.size(); from += IN_CHUNK) {
                List<ChannelIdentity> chunk = scope.subList(from, Math.min(scope.size(), from + IN_CHUNK));
                try (PreparedStatement ps = c.prepareStatement("SELECT id_value, customer_id FROM customer_identity"
                        + " WHERE id_type = ? AND namespace = ? AND id_value IN ("
                        + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    ps.setString(1, first.type().name());
                    ps.setString(2, first.namespace());
                    for (int k = 0; k < chunk.size(); k++) {
                        ps.setString(k + 3, chunk.get(k).value());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            owners.put(byValue.get(rs.getString(1)), rs.getLong(2));
                        }
                    }
                }
            }
        }
    }

    /**
     * The highest ids of {@code blocks} fresh blocks from customer_seq, shared with EclipseLink's
     * pre-allocation; on PostgreSQL in one round trip (the blocks need not be adjacent).
     */
    private List<Long> idBlockEnds(Connection c, int blocks) throws SQLException {
        List<Long> ends = new ArrayList<>(blocks);
        if (blocks == 0) {
            return ends;
        }
        try (Statement st = c.createStatement()) {
            if (dialect == SchemaMigrator.Dialect.DERBY) {
                for (int i = 0; i < blocks; i++) {
                    try (ResultSet rs = st.executeQuery("VALUES NEXT VALUE FOR customer_seq")) {
                        rs.next();
                        ends.add(rs.getLong(1));
                    }
                }
            } else {
                try (ResultSet rs = st.executeQuery("SELECT nextval('customer_seq') FROM generate_series(1, " + blocks + ")")) {
                    while (rs.next()) {
                        ends.add(rs.getLong(1));
                    }
                }
            }
        }
        return ends;
    }
}
