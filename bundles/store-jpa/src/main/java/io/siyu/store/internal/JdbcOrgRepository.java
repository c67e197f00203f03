package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.org.HandoverRequest;
import io.siyu.api.org.HandoverResult;
import io.siyu.api.org.HandoverResult.CustomerOutcome;
import io.siyu.api.org.HandoverResult.GroupOutcome;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Staff;
import io.siyu.store.OrgRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The org model in plain JDBC: small tables read whole, upserts as update-then-insert. */
final class JdbcOrgRepository implements OrgRepository {
    private static final String UNIT_COLUMNS = "id, parent_id, name, kind";
    private static final String STAFF_COLUMNS = "id, name, org_unit_id, positions, role_ids, wecom_user_id, active";
    private static final String CUSTOMER = "customer";
    private static final String GROUP = "group";

    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcOrgRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public List<OrgUnit> units() {
        return jdbc.read("reading org units", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + UNIT_COLUMNS + " FROM org_unit ORDER BY name, id")) {
                return units(ps);
            }
        });
    }

    @Override
    public Optional<OrgUnit> unit(String id) {
        return jdbc.read("reading an org unit", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + UNIT_COLUMNS + " FROM org_unit WHERE id = ?")) {
                ps.setString(1, id);
                return units(ps).stream().findFirst();
            }
        });
    }

    private static List<OrgUnit> units(PreparedStatement ps) throws SQLException {
        List<OrgUnit> units = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                units.add(new OrgUnit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return units;
    }

    @Override
    public void putUnit(OrgUnit unit, Instant now) {
        jdbc.retrying("storing org unit " + unit.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE org_unit SET parent_id = ?, name = ?, kind = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, unit.parentId());
                ps.setString(2, unit.name());
                ps.setString(3, unit.kind());
                ps.setTimestamp(4, ts(now));
                ps.setString(5, unit.id());
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO org_unit (id, parent_id, name, kind, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, unit.id());
                ps.setString(2, unit.parentId());
                ps.setString(3, unit.name());
                ps.setString(4, unit.kind());
                ps.setTimestamp(5, ts(now));
                ps.executeUpdate();
            }
            return null;
        }, x -> true);
    }

    @Override
    public boolean deleteUnit(String id) {
        return jdbc.inTransaction("deleting org unit " + id, c -> {
            long children = count(c, "SELECT COUNT(*) FROM org_unit WHERE parent_id = ?", id);
            long staff = count(c, "SELECT COUNT(*) FROM staff WHERE org_unit_id = ?", id);
            if (children > 0 || staff > 0) {
                throw new ConflictException("org unit " + id + " still has " + children + " child unit(s) and "
                        + staff + " staff member(s); move or remove them first");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM org_unit WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        }, x -> true);
    }

    private static long count(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public List<Staff> allStaff() {
        return jdbc.read("reading staff", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + STAFF_COLUMNS + " FROM staff ORDER BY name, id")) {
                return staff(ps);
            }
        });
    }

    @Override
    public Optional<Staff> staff(String id) {
        return jdbc.read("reading a staff member", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + STAFF_COLUMNS + " FROM staff WHERE id = ?")) {
                ps.setString(1, id);
                return staff(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<Staff> staffIn(Collection<String> unitIds, int offset, int limit) {
        if (unitIds.isEmpty()) {
            return List.of();
        }
        return jdbc.read("listing staff", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + STAFF_COLUMNS + " FROM " + DerbyKeys.leadingWith(c, "staff", "org_unit_id")
                    + " WHERE org_unit_id IN ("
                    + marks(unitIds.size()) + ") ORDER BY name, id OFFSET " + offset + " ROWS FETCH FIRST " + limit
                    + " ROWS ONLY")) {
                bind(ps, 1, unitIds);
                return staff(ps);
            }
        });
    }

    @Override
    public long countStaffIn(Collection<String> unitIds) {
        if (unitIds.isEmpty()) {
            return 0;
        }
        return jdbc.read("counting staff", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + DerbyKeys.leadingWith(c, "staff", "org_unit_id") + " WHERE org_unit_id IN ("
                    + marks(unitIds.size()) + ")")) {
                bind(ps, 1, unitIds);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static List<Staff> staff(PreparedStatement ps) throws SQLException {
        List<Staff> staff = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                staff.add(new Staff(rs.getString(1), rs.getString(2), rs.getString(3), split(rs.getString(4)),
                        split(rs.getString(5)), rs.getString(6), rs.getBoolean(7)));
            }
        }
        return staff;
    }

    private static Set<String> split(String joined) {
        return joined.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(joined.split(",")));
    }

    private static String join(Set<String> values) {
        return values.stream().sorted().collect(Collectors.joining(","));
    }

    @Override
    public void putStaff(Staff s, Instant now) {
        jdbc.inTransaction("storing staff member " + s.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE staff SET name = ?, org_unit_id = ?, positions = ?,"
                    + " role_ids = ?, wecom_user_id = ?, active = ?, updated_at = ? WHERE id = ?")) {
                bindStaff(ps, s, now);
                ps.setString(8, s.id());
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO staff (name, org_unit_id, positions, role_ids,"
                    + " wecom_user_id, active, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindStaff(ps, s, now);
                ps.setString(8, s.id());
                ps.executeUpdate();
            }
            return null;
        }, x -> true);
    }

    private void bindStaff(PreparedStatement ps, Staff s, Instant now) throws SQLException {
        ps.setString(1, s.name());
        ps.setString(2, s.orgUnitId());
        ps.setString(3, join(s.positions()));
        ps.setString(4, join(s.roleIds()));
        ps.setString(5, s.wecomUserId());
        ps.setBoolean(6, s.active());
        ps.setTimestamp(7, ts(now));
    }

    @Override
    public boolean share(long customerId, String staffKey, Instant now, String by) {
        return jdbc.retrying("sharing customer " + customerId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM customer_share WHERE customer_id = ? AND staff_key = ?")) {
                ps.setLong(1, customerId);
                ps.setString(2, staffKey);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO customer_share (customer_id, staff_key, shared_at, shared_by) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, customerId);
                ps.setString(2, staffKey);
                ps.setTimestamp(3, ts(now));
                ps.setString(4, by);
                ps.executeUpdate();
            }
            return true;
        }, x -> true);
    }

    @Override
    public boolean unshare(long customerId, String staffKey) {
        return jdbc.inTransaction("unsharing customer " + customerId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM customer_share WHERE customer_id = ? AND staff_key = ?")) {
                ps.setLong(1, customerId);
                ps.setString(2, staffKey);
                return ps.executeUpdate() == 1;
            }
        }, x -> true);
    }

    @Override
    public List<String> sharesOf(long customerId) {
        return jdbc.read("reading customer shares", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT staff_key FROM customer_share WHERE customer_id = ? ORDER BY staff_key")) {
                ps.setLong(1, customerId);
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    public long[] sharedWith(Set<String> staffKeys) {
        if (staffKeys.isEmpty()) {
            return new long[0];
        }
        return jdbc.read("reading shared customers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT customer_id FROM " + DerbyKeys.leadingWith(c, "customer_share", "staff_key")
                    + " WHERE staff_key IN ("
                    + marks(staffKeys.size()) + ")")) {
                bind(ps, 1, staffKeys);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                return ids.stream().mapToLong(Long::longValue).toArray();
            }
        });
    }

    @Override
    public boolean followedBy(long customerId, Set<String> staffKeys) {
        if (staffKeys.isEmpty()) {
            return false;
        }
        return jdbc.read("checking who follows a customer", c -> {
            String in = marks(staffKeys.size());
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM customer_attribute WHERE customer_id = ?"
                    + " AND name = 'ownerStaff' AND value_text IN (" + in + ") UNION ALL SELECT 1 FROM customer_share"
                    + " WHERE customer_id = ? AND staff_key IN (" + in + ")")) {
                ps.setLong(1, customerId);
                int next = bind(ps, 2, staffKeys);
                ps.setLong(next, customerId);
                bind(ps, next + 1, staffKeys);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Figures figures(Set<String> staffKeys, Instant from, Instant to) {
        if (staffKeys.isEmpty()) {
            return new Figures(0, 0, 0, 0);
        }
        return jdbc.read("counting a unit's customers", c -> {
            SchemaMigrator.Dialect dialect = SchemaMigrator.Dialect.of(c);
            long customers;
            long created;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.created_at >= ?"
                    + " AND c.created_at < ? THEN 1 ELSE 0 END), 0) FROM customer c WHERE "
                    + FollowedBy.sql(dialect, "c.id", staffKeys.size()))) {
                ps.setTimestamp(1, ts(from));
                ps.setTimestamp(2, ts(to));
                bind(ps, bind(ps, 3, staffKeys), staffKeys);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    customers = rs.getLong(1);
                    created = rs.getLong(2);
                }
            }
            // what Siyu itself records about a customer (tags, segments, merges) is not activity
            String followed = FollowedBy.sql(dialect, "e.customer_id", staffKeys.size());
            long active = countEvents(c, "SELECT COUNT(DISTINCT e.customer_id) FROM customer_event e WHERE e.occurred_at >= ?"
                    + " AND e.occurred_at < ? AND e.event_type NOT LIKE 'tag.%' AND e.event_type NOT LIKE 'segment.%'"
                    + " AND e.event_type NOT LIKE 'customer.%' AND " + followed, from, to, staffKeys);
            long again = countEvents(c, "SELECT COUNT(DISTINCT e.customer_id) FROM customer_event e WHERE e.event_type = 'order'"
                    + " AND e.occurred_at >= ? AND e.occurred_at < ? AND " + followed + " AND EXISTS"
                    + " (SELECT 1 FROM customer_event p WHERE p.customer_id = e.customer_id AND p.event_type = 'order'"
                    + " AND p.occurred_at < e.occurred_at)", from, to, staffKeys);
            return new Figures(customers, created, active, again);
        });
    }

    private long countEvents(Connection c, String sql, Instant from, Instant to, Set<String> staffKeys)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, ts(from));
            ps.setTimestamp(2, ts(to));
            bind(ps, bind(ps, 3, staffKeys), staffKeys);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public HandoverResult insertHandover(HandoverRequest request, Instant now, String by,
            List<CustomerOutcome> customers, List<GroupOutcome> groups) {
        long id = jdbc.inTransaction("recording a handover", c -> {
            long newId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO handover (kind, from_staff, to_staff, message,"
                    + " requested_at, requested_by) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, request.kind().name());
                ps.setString(2, request.fromStaffId());
                ps.setString(3, request.toStaffId());
                ps.setString(4, request.message());
                ps.setTimestamp(5, ts(now));
                ps.setString(6, by);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    newId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO handover_item (handover_id, item_kind, item_ref,"
                    + " status, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (CustomerOutcome o : customers) {
                    item(ps, newId, CUSTOMER, Long.toString(o.customerId()), o.status(), o.reason(), now);
                }
                for (GroupOutcome o : groups) {
                    item(ps, newId, GROUP, o.groupChatId(), o.status(), o.reason(), now);
                }
                ps.executeBatch();
            }
            return newId;
        }, x -> true);
        return handover(id).orElseThrow();
    }

    private void item(PreparedStatement ps, long id, String kind, String ref, HandoverResult.Status status,
            String reason, Instant now) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, kind);
        ps.setString(3, ref);
        ps.setString(4, status.name());
        ps.setString(5, reason);
        ps.setTimestamp(6, ts(now));
        ps.addBatch();
    }

    @Override
    public Optional<HandoverResult> handover(long id) {
        return jdbc.read("reading a handover", c -> handovers(c, " WHERE id = ?", List.of(id)).stream().findFirst());
    }

    @Override
    public List<HandoverResult> handoversOf(String staffId, int offset, int limit) {
        return jdbc.read("listing handovers", c -> handovers(c, " WHERE from_staff = ? OR to_staff = ? ORDER BY id DESC"
                + " OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY", List.of(staffId, staffId)));
    }

    @Override
    public long countHandoversOf(String staffId) {
        return jdbc.read("counting handovers", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM handover WHERE from_staff = ? OR to_staff = ?")) {
                ps.setString(1, staffId);
                ps.setString(2, staffId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private record Head(long id, HandoverRequest.Kind kind, String from, String to, Instant at) {
    }

    private List<HandoverResult> handovers(Connection c, String where, List<Object> params) throws SQLException {
        List<Head> heads = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, kind, from_staff, to_staff, requested_at FROM handover" + where)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.add(new Head(rs.getLong(1), HandoverRequest.Kind.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), instant(rs.getTimestamp(5))));
                }
            }
        }
        List<HandoverResult> results = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT item_kind, item_ref, status, reason FROM handover_item"
                + " WHERE handover_id = ? ORDER BY item_kind, item_ref")) {
            for (Head h : heads) {
                ps.setLong(1, h.id());
                List<CustomerOutcome> customers = new ArrayList<>();
                List<GroupOutcome> groups = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        HandoverResult.Status status = HandoverResult.Status.valueOf(rs.getString(3));
                        if (CUSTOMER.equals(rs.getString(1))) {
                            customers.add(new CustomerOutcome(Long.parseLong(rs.getString(2)), status, rs.getString(4)));
                        } else {
                            groups.add(new GroupOutcome(rs.getString(2), status, rs.getString(4)));
                        }
                    }
                }
                customers.sort(java.util.Comparator.comparingLong(CustomerOutcome::customerId));
                results.add(new HandoverResult(h.id(), h.kind(), h.from(), h.to(), h.at(), customers, groups));
            }
        }
        return results;
    }

    @Override
    public boolean updateCustomerOutcome(long handoverId, long customerId, HandoverResult.Status status, String reason,
            Instant now) {
        return updateItem(handoverId, CUSTOMER, Long.toString(customerId), status, reason, now);
    }

    @Override
    public boolean updateGroupOutcome(long handoverId, String chatId, HandoverResult.Status status, String reason,
            Instant now) {
        return updateItem(handoverId, GROUP, chatId, status, reason, now);
    }

    private boolean updateItem(long handoverId, String kind, String ref, HandoverResult.Status status, String reason,
            Instant now) {
        return jdbc.inTransaction("updating a handover", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE handover_item SET status = ?, reason = ?, updated_at = ?"
                    + " WHERE handover_id = ? AND item_kind = ? AND item_ref = ? AND status = 'WAITING'")) {
                ps.setString(1, status.name());
                ps.setString(2, reason);
                ps.setTimestamp(3, ts(now));
                ps.setLong(4, handoverId);
                ps.setString(5, kind);
                ps.setString(6, ref);
                return ps.executeUpdate() == 1;
            }
        }, x -> true);
    }

    @Override
    public Map<Long, Integer> inServiceMovesSince(Collection<Long> customerIds, Instant since) {
        if (customerIds.isEmpty()) {
            return Map.of();
        }
        List<String> refs = customerIds.stream().map(String::valueOf).toList();
        return jdbc.read("counting in-service handovers", c -> {
            Map<Long, Integer> moves = new HashMap<>();
            // in chunks, each probing the (item_kind, item_ref) index (see DerbyKeys)
            for (List<String> chunk : TagLinks.chunks(refs)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT i.item_ref, COUNT(*) FROM "
                        + DerbyKeys.leadingWith(c, "handover_item", "i", "item_kind")
                        + " JOIN handover h ON h.id = i.handover_id WHERE h.kind = 'IN_SERVICE' AND h.requested_at >= ?"
                        + " AND i.item_kind = 'customer' AND i.status <> 'FAILED' AND i.item_ref IN ("
                        + marks(chunk.size()) + ") GROUP BY i.item_ref")) {
                    ps.setTimestamp(1, ts(since));
                    bind(ps, 2, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            moves.put(Long.parseLong(rs.getString(1)), rs.getInt(2));
                        }
                    }
                }
            }
            return moves;
        });
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Binds from position {@code first}; returns the next free position. */
    private static int bind(PreparedStatement ps, int first, Collection<String> values) throws SQLException {
        int i = first;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }

    private Timestamp ts(Instant instant) {
        return instants.convertToDatabaseColumn(instant);
    }

    private Instant instant(Timestamp timestamp) {
        return instants.convertToEntityAttribute(timestamp);
    }
}
