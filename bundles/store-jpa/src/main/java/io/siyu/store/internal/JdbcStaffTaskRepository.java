package io.siyu.store.internal;

import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.TaskState;
import io.siyu.store.StaffTaskRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Staff tasks in plain JDBC; closing and reminding are single statements guarded by the expected state. */
final class JdbcStaffTaskRepository implements StaffTaskRepository {
    private static final String COLUMNS = "id, kind, assignee, title, script, customer_id, source_ref, priority,"
            + " due_at, state, created_at, completed_at";
    /** Open tasks by due time (none last), then closed ones newest first. */
    private static final String ORDER = " ORDER BY CASE WHEN state = 'OPEN' THEN 0 ELSE 1 END,"
            + " CASE WHEN state = 'OPEN' AND due_at IS NULL THEN 1 ELSE 0 END, CASE WHEN state = 'OPEN' THEN due_at END,"
            + " id DESC";

    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcStaffTaskRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public StaffTask insert(StaffTaskDraft d, String key, Instant now, String by) {
        // A concurrent insert of the same key loses on the unique constraint; the retry finds the winner.
        return jdbc.retrying("storing a staff task", c -> {
            if (key != null) {
                Optional<StaffTask> existing = one(c, "idempotency_key = ?", key);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO staff_task (kind, assignee, title, script,"
                    + " customer_id, source_ref, priority, due_at, state, idempotency_key, created_at, created_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, d.kind().name());
                ps.setString(2, d.assigneeStaffId());
                ps.setString(3, d.title());
                ps.setString(4, d.script());
                if (d.customerId() == null) {
                    ps.setNull(5, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(5, d.customerId());
                }
                ps.setString(6, d.sourceRef());
                ps.setString(7, d.priority().name());
                ps.setTimestamp(8, ts(d.dueAt()));
                ps.setString(9, key);
                ps.setTimestamp(10, ts(now));
                ps.setString(11, by);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return one(c, "id = ?", id).orElseThrow();
        }, x -> true);
    }

    @Override
    public Optional<StaffTask> find(long id) {
        return jdbc.read("reading a staff task", c -> one(c, "id = ?", id));
    }

    @Override
    public List<StaffTask> list(String assignee, TaskState state, int offset, int limit) {
        return jdbc.read("listing staff tasks", c -> {
            List<Object> params = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM staff_task"
                    + where(assignee, state, params) + ORDER + " OFFSET " + offset + " ROWS FETCH FIRST " + limit
                    + " ROWS ONLY")) {
                bind(ps, params);
                return all(ps);
            }
        });
    }

    @Override
    public long count(String assignee, TaskState state) {
        return jdbc.read("counting staff tasks", c -> {
            List<Object> params = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM staff_task"
                    + where(assignee, state, params))) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static String where(String assignee, TaskState state, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        if (assignee != null) {
            clauses.add("assignee = ?");
            params.add(assignee);
        }
        if (state != null) {
            clauses.add("state = ?");
            params.add(state.name());
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    @Override
    public Optional<Boolean> close(long id, TaskState to, Instant now) {
        return jdbc.retrying("closing a staff task", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE staff_task SET state = ?, completed_at = ?"
                    + " WHERE id = ? AND state = 'OPEN'")) {
                ps.setString(1, to.name());
                ps.setTimestamp(2, ts(now));
                ps.setLong(3, id);
                if (ps.executeUpdate() == 1) {
                    return Optional.of(true);
                }
            }
            return one(c, "id = ?", id).map(t -> false);
        }, x -> true);
    }

    @Override
    public List<StaffTask> overdueUnreminded(Instant now, int limit) {
        return jdbc.read("finding overdue staff tasks", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM staff_task WHERE state = 'OPEN'"
                    + " AND due_at < ? AND reminded_at IS NULL ORDER BY due_at, id FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setTimestamp(1, ts(now));
                return all(ps);
            }
        });
    }

    @Override
    public boolean markReminded(long id, Instant now) {
        return jdbc.retrying("marking a task reminded", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE staff_task SET reminded_at = ?"
                    + " WHERE id = ? AND reminded_at IS NULL")) {
                ps.setTimestamp(1, ts(now));
                ps.setLong(2, id);
                return ps.executeUpdate() == 1;
            }
        }, x -> true);
    }

    private Optional<StaffTask> one(Connection c, String where, Object param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM staff_task WHERE " + where)) {
            ps.setObject(1, param);
            List<StaffTask> found = all(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private List<StaffTask> all(PreparedStatement ps) throws SQLException {
        List<StaffTask> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long customer = rs.getLong(6);
                Long customerId = rs.wasNull() ? null : customer;
                out.add(new StaffTask(rs.getLong(1), StaffTask.Kind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), customerId, rs.getString(7),
                        StaffTask.Priority.valueOf(rs.getString(8)), instant(rs.getTimestamp(9)),
                        TaskState.valueOf(rs.getString(10)), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12))));
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    private Timestamp ts(Instant instant) {
        return instants.convertToDatabaseColumn(instant);
    }

    private Instant instant(Timestamp timestamp) {
        return instants.convertToEntityAttribute(timestamp);
    }
}
