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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Customer import in plain JDBC: per chunk, one IN query per identity scope finds the owners, then
 * a handful of batched statements write every row, all in one transaction (EclipseLink would
 * write row by row). Rows that conflict are decided before anything is written, so they are skipped
 * whole; a database failure rolls the whole chunk back.
 */
final class JdbcCustomerImports implements CustomerImports {

    /** Chunks written at once on PostgreSQL; {@code -Dsiyu.import.pgWriters} overrides. */
    private static final int PG_WRITERS = Math.max(1, Integer.getInteger("siyu.import.pgWriters", 2));
    /** Rows per chunk on PostgreSQL: fewer transactions and round trips than Derby's 1,000. */
    private static final int PG_CHUNK = Math.max(1, Integer.getInteger("siyu.import.pgChunk", 5000));

    /** How long a chunk holds its transaction open waiting for the one before it; see {@link #turn}. */
    private static final java.time.Duration TURN_WAIT = java.time.Duration.ofSeconds(30);

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

    @Override
    public List<Result> importChunk(List<Row> rows, boolean upsert, Instant now, Future<Boolean> after) {
        boolean[] refused = new boolean[1];
        List<Result> results = jdbc.retrying("importing customers", c -> {
            Plan plan = plan(c, rows, upsert);
            write(c, plan, now);
            return plan.results;
        }, r -> {
            refused[0] = !turn(after);
            return !refused[0];
        });
        return refused[0] ? List.of() : results;
    }

    /**
     * Waits, inside the open transaction, for the chunk before to commit. Should that take
     * {@link #TURN_WAIT}, this transaction might hold a lock the chunk before waits for (a tag
     * deleted meanwhile queues its lock between the two): it is rolled back and run again.
     */
    private static boolean turn(Future<Boolean> after) {
        try {
            return after.get(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JdbcTransactions.Stale("the chunk before is still not committed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | CancellationException e) {
            return false;
        }
    }

    /**
     * PostgreSQL: two chunks at a time, so that the server works on both cores of a small machine
     * (its per-row work, index entries and foreign-key checks, is the import's bound) while this
     * node reads the file. Derby writes one at a time: embedded, it would only share the same CPU.
     */
    @Override
    public int parallelWriters() {
        return dialect == SchemaMigrator.Dialect.POSTGRESQL ? PG_WRITERS : 1;
    }

    @Override
    public int chunkRows() {
        return dialect == SchemaMigrator.Dialect.POSTGRESQL ? PG_CHUNK : 1000;
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
        // before the customers' rows: a tag delete in flight is waited for while holding nothing
        Set<Long> tags = new java.util.TreeSet<>();
        plan.creates.forEach(r -> tags.addAll(r.draft().tagIds()));
        plan.updates.forEach(r -> tags.addAll(r.draft().tagIds()));
        TagLinks.lockTagsOrRefuse(c, tags);
        Timestamp at = instants.convertToDatabaseColumn(now);
        Map<Long, Long> createdIds = new HashMap<>();
        List<Long> born = new ArrayList<>();
        List<Long> changed = new ArrayList<>();
        CustomerSeq seq = new CustomerSeq();
        for (int k = 0; k < plan.creates.size(); k++) {
            Row row = plan.creates.get(k);
            long id = seq.next(c, dialect, plan.creates.size() - k);
            createdIds.put(row.row(), id);
            plan.targets.put(row, id);
            born.add(id);
        }
        // PostgreSQL: the new rows as COPY streams, the same rows the batched INSERTs write
        boolean copy = CopySupport.usable(c, dialect);
        if (copy && !plan.creates.isEmpty()) {
            // the tags as the customer row's array (V26), not as rows of their own
            try (PgCopy customers = PgCopy.into(c, "customer", "id, display_name, created_at, updated_at, version, tag_ids")) {
                for (Row row : plan.creates) {
                    customers.number(plan.targets.get(row)).text(row.draft().displayName()).timestamp(now).timestamp(now)
                            .number(1).numbers(row.draft().tagIds()).endRow();
                }
                customers.finish();
            }
        } else if (!plan.creates.isEmpty()) {
            try (PreparedStatement customer = c.prepareStatement("INSERT INTO customer"
                    + " (id, display_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, 1)")) {
                for (Row row : plan.creates) {
                    customer.setLong(1, plan.targets.get(row));
                    customer.setString(2, row.draft().displayName());
                    customer.setTimestamp(3, at);
                    customer.setTimestamp(4, at);
                    customer.addBatch();
                }
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
        if (copy) {
            copyIdentities(c, written, plan);
            deleteReplaced(c, plan);
            copyAttributes(c, written, plan);
            addTags(c, plan.updates, plan, false);
            ChangeLog.copyBorn(c, born, now);
            ChangeLog.copy(c, changed, now);
        } else {
            writeIdentities(c, written, plan);
            writeAttributes(c, written, plan);
            addTags(c, plan.creates, plan, true);
            addTags(c, plan.updates, plan, false);
            ChangeLog.recordBorn(c, born, now);
            ChangeLog.record(c, changed, now);
        }
        // The results of created rows carry the new ids.
        for (int i = 0; i < plan.results.size(); i++) {
            Result r = plan.results.get(i);
            Long id = createdIds.get(r.row());
            if (r.outcome() == Outcome.CREATED && id != null) {
                plan.results.set(i, new Result(r.row(), r.outcome(), id, r.message()));
            }
        }
    }

    private static void copyIdentities(Connection c, List<Row> rows, Plan plan) throws SQLException {
        try (PgCopy copy = PgCopy.into(c, "customer_identity", "customer_id, id_type, namespace, id_value")) {
            for (Row row : rows) {
                long id = plan.targets.get(row);
                for (ChannelIdentity i : row.draft().identities()) {
                    if (plan.owners.get(i) == null) {
                        copy.number(id).text(i.type().name()).text(i.namespace()).text(i.value()).endRow();
                    }
                }
            }
            copy.finish();
        }
    }

    /** An update's attributes are replaced: delete those rows before the COPY. */
    private static void deleteReplaced(Connection c, Plan plan) throws SQLException {
        if (plan.updates.isEmpty()) {
            return;
        }
        try (PreparedStatement attributes = c.prepareStatement("DELETE FROM customer_attribute WHERE customer_id = ? AND name = ?")) {
            boolean anyAttribute = false;
            for (Row row : plan.updates) {
                long id = plan.targets.get(row);
                for (String name : row.draft().attributes().keySet()) {
                    attributes.setLong(1, id);
                    attributes.setString(2, name);
                    attributes.addBatch();
                    anyAttribute = true;
                }
            }
            if (anyAttribute) {
                attributes.executeBatch();
            }
        }
    }

    private static void copyAttributes(Connection c, List<Row> rows, Plan plan) throws SQLException {
        try (PgCopy copy = PgCopy.into(c, "customer_attribute", "customer_id, name, value_type, value_text")) {
            for (Row row : rows) {
                long id = plan.targets.get(row);
                for (Map.Entry<String, Object> a : row.draft().attributes().entrySet()) {
                    AttributeValue v = AttributeValue.of(a.getValue());
                    copy.number(id).text(a.getKey()).text(v.type()).text(v.text()).endRow();
                }
            }
            copy.finish();
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

    /** The rows' tags added to what their customers carry (an import adds tags, never takes any off). */
    private void addTags(Connection c, List<Row> rows, Plan plan, boolean created) throws SQLException {
        Map<Long, Set<Long>> tags = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!row.draft().tagIds().isEmpty()) {
                tags.put(plan.targets.get(row), row.draft().tagIds());
            }
        }
        if (tags.isEmpty()) {
            return;
        }
        if (created) {
            TagSets.of(dialect).addToNew(c, tags);
        } else {
            TagSets.of(dialect).addAll(c, tags);
        }
    }

    /**
     * The owner of every identity. PostgreSQL: one array query per type and namespace (see
     * {@link IdentityOwners}). Derby probes an IN list only on an index's first column, so there a
     * point lookup per identity on the unique index is used (cheap in an embedded database).
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
        IdentityOwners.lookUp(c, dialect, identities, owners);
    }
}
