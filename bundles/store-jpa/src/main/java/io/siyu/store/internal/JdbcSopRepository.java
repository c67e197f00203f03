package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopState;
import io.siyu.api.sop.SopStepRun;
import io.siyu.store.NewSopInstance;
import io.siyu.store.SopRepository;
import io.siyu.store.SopTransition;
import io.siyu.store.StoredSop;
import io.siyu.store.StoredSopInstance;
import io.siyu.store.internal.SchemaMigrator.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * SOPs in plain JDBC. Instance claims are leases taken by a guarded update (plus
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, so nodes skip rows another is claiming); every
 * move is a compare-and-set on the row version under the lease, written with its step records in
 * one transaction.
 */
final class JdbcSopRepository implements SopRepository {
    private static final String SOP_COLUMNS = "s.id, v.version, s.latest_version, v.name, s.state, s.trigger_kind,"
            + " s.trigger_key, v.definition, s.next_fire_at, v.created_at, s.updated_at, v.created_by";
    private static final String INSTANCE_COLUMNS = "id, sop_id, sop_version, customer_id, state, step_id, wake_at,"
            + " due_at, wait_event, wait_since, wait_event_id, paused_by, runs, lease_owner, lease_until, row_version,"
            + " start_key, trigger_ref, error, started_at, updated_at";
    private static final String LIVE = "('RUNNING', 'WAITING', 'PAUSED')";
    /** A resumed instance is due when its wait ends, or now if that passed or its event came. */
    private static final String RESUMED = "state = CASE WHEN wake_at IS NULL THEN 'RUNNING' ELSE 'WAITING' END,"
            + " due_at = CASE WHEN wake_at IS NULL OR wake_at < ? OR wait_event_id IS NOT NULL THEN ? ELSE wake_at END,"
            + " paused_by = NULL, row_version = row_version + 1, updated_at = ?";
    private static final String STOPPED = "state = 'STOPPED', due_at = NULL, wake_at = NULL, live_key = NULL,"
            + " paused_by = NULL, row_version = row_version + 1, updated_at = ?";
    private static final int MAX_ERROR = 1000;

    private final JdbcTransactions jdbc;
    private final Dialect dialect;
    private final InstantConverter instants = new InstantConverter();

    JdbcSopRepository(DataSource dataSource, Dialect dialect) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.dialect = dialect;
    }

    // ------------------------------------------------------------------ definitions

    @Override
    public StoredSop define(String name, String triggerKind, String triggerKey, String definitionJson, Instant now,
            String by) {
        return jdbc.inTransaction("storing an SOP", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sop (name, state, latest_version, trigger_kind,"
                    + " trigger_key, created_at, updated_at) VALUES (?, 'DRAFT', 1, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, triggerKind);
                ps.setString(3, triggerKey);
                ps.setTimestamp(4, ts(now));
                ps.setTimestamp(5, ts(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            insertVersion(c, id, 1, name, definitionJson, now, by);
            return findLatest(c, id).orElseThrow();
        }, x -> true);
    }

    @Override
    public Optional<StoredSop> revise(long sopId, String name, String triggerKind, String triggerKey,
            String definitionJson, Instant nextFireAt, Instant now, String by) {
        return jdbc.retrying("revising an SOP", c -> {
            // The update locks the row, so concurrent revisions take consecutive versions.
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop SET latest_version = latest_version + 1,"
                    + " name = ?, trigger_kind = ?, trigger_key = ?, next_fire_at = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, name);
                ps.setString(2, triggerKind);
                ps.setString(3, triggerKey);
                ps.setTimestamp(4, ts(nextFireAt));
                ps.setTimestamp(5, ts(now));
                ps.setLong(6, sopId);
                if (ps.executeUpdate() == 0) {
                    return Optional.<StoredSop>empty();
                }
            }
            int version;
            try (PreparedStatement ps = c.prepareStatement("SELECT latest_version FROM sop WHERE id = ?")) {
                ps.setLong(1, sopId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            insertVersion(c, sopId, version, name, definitionJson, now, by);
            return findLatest(c, sopId);
        }, x -> true);
    }

    private void insertVersion(Connection c, long id, int version, String name, String definitionJson, Instant now,
            String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sop_version (sop_id, version, name, definition,"
                + " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setInt(2, version);
            ps.setString(3, name);
            ps.setString(4, definitionJson);
            ps.setTimestamp(5, ts(now));
            ps.setString(6, by);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<StoredSop> find(long sopId) {
        return jdbc.read("reading an SOP", c -> findLatest(c, sopId));
    }

    private Optional<StoredSop> findLatest(Connection c, long sopId) throws SQLException {
        List<StoredSop> found = sops(c, " AND v.version = s.latest_version WHERE s.id = ?", sopId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public Optional<StoredSop> find(long sopId, int version) {
        return jdbc.read("reading an SOP version", c -> {
            List<StoredSop> found = sops(c, " AND v.version = ? WHERE s.id = ?", version, sopId);
            return found.isEmpty() ? Optional.<StoredSop>empty() : Optional.of(found.get(0));
        });
    }

    @Override
    public List<StoredSop> list() {
        return jdbc.read("listing SOPs", c -> sops(c, " AND v.version = s.latest_version ORDER BY v.name, s.id"));
    }

    @Override
    public List<StoredSop> active(String triggerKind) {
        return jdbc.read("listing active SOPs", c -> sops(c,
                " AND v.version = s.latest_version WHERE s.state = 'ACTIVE' AND s.trigger_kind = ? ORDER BY s.id",
                triggerKind));
    }

    private List<StoredSop> sops(Connection c, String tail, Object... params) throws SQLException {
        List<StoredSop> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SOP_COLUMNS
                + " FROM sop s JOIN sop_version v ON v.sop_id = s.id" + tail)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredSop(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            SopState.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                            instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)),
                            rs.getString(12)));
                }
            }
        }
        return out;
    }

    @Override
    public Map<Long, SopState> states(Collection<Long> sopIds) {
        if (sopIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.read("reading SOP states", c -> {
            Map<Long, SopState> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, state FROM sop WHERE id IN ("
                    + sopIds.stream().map(x -> "?").collect(Collectors.joining(", ")) + ")")) {
                int i = 1;
                for (long id : sopIds) {
                    ps.setLong(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), SopState.valueOf(rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<StoredSop> changeState(long sopId, Collection<SopState> from, SopState to, Instant nextFireAt,
            Instant now) {
        return jdbc.retrying("changing an SOP's state", c -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop SET state = ?, next_fire_at = ?, updated_at = ?"
                    + " WHERE id = ? AND state IN (" + from.stream().map(s -> "'" + s.name() + "'")
                            .collect(Collectors.joining(", ")) + ")")) {
                ps.setString(1, to.name());
                ps.setTimestamp(2, ts(nextFireAt));
                ps.setTimestamp(3, ts(now));
                ps.setLong(4, sopId);
                changed = ps.executeUpdate();
            }
            if (changed == 1) {
                String sql;
                if (to == SopState.PAUSED) {
                    sql = "UPDATE sop_instance SET state = 'PAUSED', paused_by = 'sop', due_at = NULL,"
                            + " row_version = row_version + 1, updated_at = ? WHERE sop_id = ? AND state IN ('RUNNING', 'WAITING')";
                } else if (to == SopState.ACTIVE) {
                    sql = "UPDATE sop_instance SET " + RESUMED + " WHERE sop_id = ? AND state = 'PAUSED' AND paused_by = 'sop'";
                } else if (to == SopState.STOPPED) {
                    sql = "UPDATE sop_instance SET " + STOPPED + " WHERE sop_id = ? AND state IN " + LIVE;
                } else {
                    sql = null;
                }
                if (sql != null) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        int i = 1;
                        ps.setTimestamp(i++, ts(now));
                        if (to == SopState.ACTIVE) {
                            ps.setTimestamp(i++, ts(now));
                            ps.setTimestamp(i++, ts(now));
                        }
                        ps.setLong(i, sopId);
                        ps.executeUpdate();
                    }
                }
            }
            return findLatest(c, sopId);
        }, x -> true);
    }

    @Override
    public boolean advanceFire(long sopId, Instant expected, Instant next) {
        return jdbc.retrying("moving an SOP's next firing", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop SET next_fire_at = ? WHERE id = ?"
                    + " AND next_fire_at = ? AND state = 'ACTIVE'")) {
                ps.setTimestamp(1, ts(next));
                ps.setLong(2, sopId);
                ps.setTimestamp(3, ts(expected));
                return ps.executeUpdate() == 1;
            }
        }, x -> true);
    }

    // ------------------------------------------------------------------ instances

    @Override
    public List<Long> start(List<NewSopInstance> instances) {
        List<Long> out = new ArrayList<>(instances.size());
        // Chunks of one transaction each (a schedule's audience can be large); a chunk that collides
        // with a concurrent start is done again one by one, so one clash does not undo the rest.
        for (int from = 0; from < instances.size(); from += 500) {
            List<NewSopInstance> chunk = instances.subList(from, Math.min(instances.size(), from + 500));
            try {
                out.addAll(jdbc.inTransaction("starting SOP instances", c -> {
                    List<Long> ids = new ArrayList<>(chunk.size());
                    for (NewSopInstance n : chunk) {
                        ids.add(insert(c, n));
                    }
                    return ids;
                }, x -> true));
            } catch (ConflictException raced) {
                for (NewSopInstance n : chunk) {
                    out.add(startOne(n));
                }
            }
        }
        return out;
    }

    private Long startOne(NewSopInstance n) {
        try {
            return jdbc.inTransaction("starting an SOP instance", c -> insert(c, n), x -> true);
        } catch (ConflictException taken) {
            return null; // start key used (this occurrence started before) or live key held (a live instance)
        }
    }

    private Long insert(Connection c, NewSopInstance n) throws SQLException {
        // Most repeats (the sweep after the fast path, another node) are found here without a failed insert.
        if (count(c, "SELECT COUNT(*) FROM sop_instance WHERE start_key = ?", n.startKey()) > 0
                || n.liveKey() != null && count(c, "SELECT COUNT(*) FROM sop_instance WHERE live_key = ?", n.liveKey()) > 0) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sop_instance (sop_id, sop_version, customer_id,"
                + " state, step_id, due_at, runs, row_version, start_key, live_key, trigger_ref, started_at, updated_at)"
                + " VALUES (?, ?, ?, 'RUNNING', ?, ?, 0, 0, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, n.sopId());
            ps.setInt(2, n.sopVersion());
            if (n.customerId() == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, n.customerId());
            }
            ps.setString(4, n.firstStepId());
            ps.setTimestamp(5, ts(n.now()));
            ps.setString(6, n.startKey());
            ps.setString(7, n.liveKey());
            ps.setString(8, n.triggerRef());
            ps.setTimestamp(9, ts(n.now()));
            ps.setTimestamp(10, ts(n.now()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public Optional<StoredSopInstance> instance(long id) {
        return jdbc.read("reading an SOP instance", c -> instance(c, id));
    }

    private Optional<StoredSopInstance> instance(Connection c, long id) throws SQLException {
        List<StoredSopInstance> found = instances(c, "WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<StoredSopInstance> instances(long sopId, SopInstanceState state, int offset, int limit) {
        return jdbc.read("listing SOP instances", c -> state == null
                ? instances(c, "WHERE sop_id = ? ORDER BY id DESC" + page(offset, limit), sopId)
                : instances(c, "WHERE sop_id = ? AND state = ? ORDER BY id DESC" + page(offset, limit), sopId,
                        state.name()));
    }

    @Override
    public long countInstances(long sopId, SopInstanceState state) {
        return jdbc.read("counting SOP instances", c -> state == null
                ? count(c, "SELECT COUNT(*) FROM sop_instance WHERE sop_id = ?", sopId)
                : count(c, "SELECT COUNT(*) FROM sop_instance WHERE sop_id = ? AND state = ?", sopId, state.name()));
    }

    @Override
    public List<StoredSopInstance> ofCustomer(long customerId, int offset, int limit) {
        return jdbc.read("listing a customer's SOP instances", c -> instances(c,
                "WHERE customer_id = ? ORDER BY id DESC" + page(offset, limit), customerId));
    }

    @Override
    public long countOfCustomer(long customerId) {
        return jdbc.read("counting a customer's SOP instances",
                c -> count(c, "SELECT COUNT(*) FROM sop_instance WHERE customer_id = ?", customerId));
    }

    private static String page(int offset, int limit) {
        return " OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY";
    }

    private long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<StoredSopInstance> instances(Connection c, String tail, Object... params) throws SQLException {
        List<StoredSopInstance> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + INSTANCE_COLUMNS + " FROM sop_instance " + tail)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readInstance(rs));
                }
            }
        }
        return out;
    }

    private StoredSopInstance readInstance(ResultSet rs) throws SQLException {
        long customer = rs.getLong(4);
        Long customerId = rs.wasNull() ? null : customer;
        return new StoredSopInstance(rs.getLong(1), rs.getLong(2), rs.getInt(3), customerId,
                SopInstanceState.valueOf(rs.getString(5)), rs.getString(6), instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)), rs.getString(9), instant(rs.getTimestamp(10)), rs.getString(11),
                rs.getString(12), rs.getInt(13), rs.getString(14), instant(rs.getTimestamp(15)), rs.getLong(16),
                rs.getString(17), rs.getString(18), rs.getString(19), instant(rs.getTimestamp(20)),
                instant(rs.getTimestamp(21)));
    }

    // ------------------------------------------------------------------ the engine's work

    @Override
    public List<StoredSopInstance> claim(Instant now, String owner, Instant leaseUntil, int max) {
        if (max < 1) {
            return List.of();
        }
        String due = "due_at <= ? AND (lease_until IS NULL OR lease_until < ?)";
        return jdbc.retrying("claiming SOP instances", c -> {
            List<StoredSopInstance> candidates = new ArrayList<>();
            // PostgreSQL: skip rows another node is claiming right now instead of queueing behind it.
            String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INSTANCE_COLUMNS + " FROM sop_instance WHERE "
                    + due + " ORDER BY due_at FETCH FIRST " + max + " ROWS ONLY" + lock)) {
                ps.setTimestamp(1, ts(now));
                ps.setTimestamp(2, ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(readInstance(rs));
                    }
                }
            }
            if (candidates.isEmpty()) {
                return List.<StoredSopInstance>of();
            }
            // The guarded update is the claim: of two nodes racing for a row, one updates it. The
            // row version must still be the one read, so what the claimer holds is current.
            List<StoredSopInstance> claimed = new ArrayList<>(candidates.size());
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop_instance SET lease_owner = ?, lease_until = ?"
                    + " WHERE id = ? AND row_version = ? AND " + due)) {
                for (StoredSopInstance i : candidates) {
                    ps.setString(1, owner);
                    ps.setTimestamp(2, ts(leaseUntil));
                    ps.setLong(3, i.id());
                    ps.setLong(4, i.rowVersion());
                    ps.setTimestamp(5, ts(now));
                    ps.setTimestamp(6, ts(now));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 1) {
                        StoredSopInstance s = candidates.get(i);
                        claimed.add(new StoredSopInstance(s.id(), s.sopId(), s.sopVersion(), s.customerId(), s.state(),
                                s.stepId(), s.wakeAt(), s.dueAt(), s.waitEvent(), s.waitSince(), s.waitEventId(),
                                s.pausedBy(), s.runs(), owner, leaseUntil, s.rowVersion(), s.startKey(), s.triggerRef(),
                                s.error(), s.startedAt(), s.updatedAt()));
                    }
                }
            }
            return claimed;
        }, x -> true);
    }

    @Override
    public boolean[] settle(List<SopTransition> transitions, String owner, Instant now, Instant leaseUntil) {
        if (transitions.isEmpty()) {
            return new boolean[0];
        }
        return jdbc.retrying("moving SOP instances", c -> {
            boolean[] written = new boolean[transitions.size()];
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop_instance SET state = ?, step_id = ?, wake_at = ?,"
                    + " due_at = ?, wait_event = ?, wait_since = ?, wait_event_id = NULL, runs = ?, error = ?,"
                    + " paused_by = ?, live_key = CASE WHEN ? = 1 THEN NULL ELSE live_key END, lease_owner = ?,"
                    + " lease_until = ?, row_version = row_version + 1, updated_at = ?"
                    + " WHERE id = ? AND row_version = ? AND lease_owner = ?")) {
                for (SopTransition t : transitions) {
                    int i = 1;
                    ps.setString(i++, t.state().name());
                    ps.setString(i++, t.stepId());
                    ps.setTimestamp(i++, ts(t.wakeAt()));
                    ps.setTimestamp(i++, ts(t.dueAt()));
                    ps.setString(i++, t.waitEvent());
                    ps.setTimestamp(i++, ts(t.waitSince()));
                    ps.setInt(i++, t.runCount());
                    ps.setString(i++, clip(t.error()));
                    ps.setString(i++, t.state() == SopInstanceState.PAUSED ? "sop" : null);
                    ps.setInt(i++, t.state().isFinal() ? 1 : 0);
                    ps.setString(i++, t.keepLease() ? owner : null);
                    ps.setTimestamp(i++, t.keepLease() ? ts(leaseUntil) : null);
                    ps.setTimestamp(i++, ts(now));
                    ps.setLong(i++, t.instanceId());
                    ps.setLong(i++, t.expectedRowVersion());
                    ps.setString(i, owner);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int k = 0; k < counts.length; k++) {
                    written[k] = counts[k] == 1;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO sop_step_run (instance_id, step_id, seq,"
                    + " outcome, detail, attempts, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement update = c.prepareStatement("UPDATE sop_step_run SET outcome = ?, detail = ?,"
                            + " finished_at = ? WHERE instance_id = ? AND step_id = ?")) {
                int inserts = 0;
                int updates = 0;
                for (int k = 0; k < transitions.size(); k++) {
                    if (!written[k]) {
                        continue;
                    }
                    SopTransition t = transitions.get(k);
                    int seq = t.runCount() - t.runs().size();
                    for (SopStepRun r : t.runs()) {
                        if (t.preRecorded().contains(r.stepId())) {
                            update.setString(1, r.outcome().name());
                            update.setString(2, clip(r.detail()));
                            update.setTimestamp(3, ts(r.finishedAt()));
                            update.setLong(4, t.instanceId());
                            update.setString(5, r.stepId());
                            update.addBatch();
                            updates++;
                            seq++;
                            continue;
                        }
                        insert.setLong(1, t.instanceId());
                        insert.setString(2, r.stepId());
                        insert.setInt(3, seq++);
                        insert.setString(4, r.outcome().name());
                        insert.setString(5, clip(r.detail()));
                        insert.setInt(6, Math.max(1, r.attempts()));
                        insert.setTimestamp(7, ts(r.startedAt()));
                        insert.setTimestamp(8, ts(r.finishedAt()));
                        insert.addBatch();
                        inserts++;
                    }
                }
                if (inserts > 0) {
                    insert.executeBatch();
                }
                if (updates > 0) {
                    update.executeBatch();
                }
            }
            return written;
        }, x -> true);
    }

    @Override
    public void release(Collection<Long> instanceIds, String owner) {
        if (instanceIds.isEmpty()) {
            return;
        }
        jdbc.retrying("releasing SOP instances", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop_instance SET lease_owner = NULL,"
                    + " lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
                for (long id : instanceIds) {
                    ps.setLong(1, id);
                    ps.setString(2, owner);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        }, x -> true);
    }

    @Override
    public int stepStarted(long instanceId, String stepId, int seq, String owner, Instant now, Instant leaseUntil) {
        return jdbc.retrying("recording a started SOP step", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop_instance SET lease_until = ?"
                    + " WHERE id = ? AND lease_owner = ?")) {
                ps.setTimestamp(1, ts(leaseUntil));
                ps.setLong(2, instanceId);
                ps.setString(3, owner);
                if (ps.executeUpdate() == 0) {
                    return 0;
                }
            }
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop_step_run SET attempts = attempts + 1"
                    + " WHERE instance_id = ? AND step_id = ? AND outcome = 'STARTED'")) {
                ps.setLong(1, instanceId);
                ps.setString(2, stepId);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sop_step_run (instance_id, step_id, seq,"
                        + " outcome, attempts, started_at) VALUES (?, ?, ?, 'STARTED', 1, ?)")) {
                    ps.setLong(1, instanceId);
                    ps.setString(2, stepId);
                    ps.setInt(3, seq);
                    ps.setTimestamp(4, ts(now));
                    ps.executeUpdate();
                }
            }
            return run(c, instanceId, stepId).map(SopStepRun::attempts).orElse(0);
        }, x -> true);
    }

    @Override
    public Optional<SopStepRun> run(long instanceId, String stepId) {
        return jdbc.read("reading an SOP step record", c -> run(c, instanceId, stepId));
    }

    private Optional<SopStepRun> run(Connection c, long instanceId, String stepId) throws SQLException {
        List<SopStepRun> found = runs(c, " AND step_id = ?", instanceId, stepId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<SopStepRun> runs(long instanceId) {
        return jdbc.read("reading SOP step records", c -> runs(c, " ORDER BY seq", instanceId));
    }

    private List<SopStepRun> runs(Connection c, String tail, Object... params) throws SQLException {
        List<SopStepRun> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT instance_id, step_id, outcome, detail, attempts,"
                + " started_at, finished_at FROM sop_step_run WHERE instance_id = ?" + tail)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SopStepRun(rs.getLong(1), rs.getString(2), SopStepRun.Outcome.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getInt(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))));
                }
            }
        }
        return out;
    }

    @Override
    public List<StoredSopInstance> waitingFor(long customerId, String eventType) {
        return jdbc.read("finding waiting SOP instances", c -> instances(c,
                "WHERE customer_id = ? AND wait_event = ? AND state IN ('WAITING', 'PAUSED') AND wait_event_id IS NULL",
                customerId, eventType));
    }

    @Override
    public boolean eventArrived(long instanceId, long expectedRowVersion, String eventId, Instant now) {
        return jdbc.retrying("waking an SOP instance", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sop_instance SET wait_event_id = ?,"
                    + " due_at = CASE WHEN state = 'WAITING' THEN ? ELSE due_at END, row_version = row_version + 1,"
                    + " updated_at = ? WHERE id = ? AND row_version = ? AND wait_event_id IS NULL"
                    + " AND state IN ('WAITING', 'PAUSED')")) {
                ps.setString(1, eventId);
                ps.setTimestamp(2, ts(now));
                ps.setTimestamp(3, ts(now));
                ps.setLong(4, instanceId);
                ps.setLong(5, expectedRowVersion);
                return ps.executeUpdate() == 1;
            }
        }, x -> true);
    }

    @Override
    public Optional<StoredSopInstance> pause(long instanceId, Instant now) {
        return change(instanceId, "UPDATE sop_instance SET state = 'PAUSED', paused_by = 'instance', due_at = NULL,"
                + " row_version = row_version + 1, updated_at = ? WHERE id = ? AND state IN ('RUNNING', 'WAITING')", now);
    }

    @Override
    public Optional<StoredSopInstance> resume(long instanceId, Instant now) {
        return change(instanceId, "UPDATE sop_instance SET " + RESUMED + " WHERE id = ? AND state = 'PAUSED'", now, now,
                now);
    }

    @Override
    public Optional<StoredSopInstance> stop(long instanceId, Instant now) {
        return change(instanceId, "UPDATE sop_instance SET " + STOPPED + " WHERE id = ? AND state IN " + LIVE, now);
    }

    private Optional<StoredSopInstance> change(long id, String sql, Instant... times) {
        return jdbc.retrying("changing an SOP instance", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Instant t : times) {
                    ps.setTimestamp(i++, ts(t));
                }
                ps.setLong(i, id);
                ps.executeUpdate();
            }
            return instance(c, id);
        }, x -> true);
    }

    // ------------------------------------------------------------------ what triggers read

    @Override
    public List<DateValue> dateValues(String attribute, String zoneAttribute) {
        return jdbc.read("reading date attributes", c -> {
            List<DateValue> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.customer_id, a.value_text, z.value_text"
                    + " FROM customer_attribute a LEFT JOIN customer_attribute z ON z.customer_id = a.customer_id"
                    + " AND z.name = ? WHERE a.name = ?")) {
                ps.setString(1, zoneAttribute);
                ps.setString(2, attribute);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            out.add(new DateValue(rs.getLong(1), LocalDate.parse(rs.getString(2)), rs.getString(3)));
                        } catch (DateTimeParseException notADate) {
                            // an attribute that left the schema may hold other text; it cannot trigger
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<SweptEvent> eventsAfter(long afterSeq, int limit) {
        return jdbc.readPlannedPerCall("reading events for SOP triggers", c -> {
            List<SweptEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, event_id, customer_id, event_type, properties,"
                    + " received_at FROM customer_event WHERE seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setLong(1, afterSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SweptEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                rs.getString(5), instant(rs.getTimestamp(6))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long eventHead() {
        return jdbc.read("reading the event head", c -> count(c, "SELECT COALESCE(MAX(seq), 0) FROM customer_event"));
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }

    private Timestamp ts(Instant instant) {
        return instants.convertToDatabaseColumn(instant);
    }

    private Instant instant(Timestamp timestamp) {
        return instants.convertToEntityAttribute(timestamp);
    }
}
