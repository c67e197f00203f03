package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.store.NewEvent;
import io.siyu.store.SegmentRepository;
import io.siyu.store.StoredSegment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

final class JdbcSegmentRepository implements SegmentRepository {
    private static final String COLUMNS = "id, name, description, definition, version, created_at, updated_at";

    private final JdbcTransactions jdbc;
    private final SchemaMigrator.Dialect dialect;
    private final JdbcEventRepository events;
    private final InstantConverter instants = new InstantConverter();

    JdbcSegmentRepository(DataSource dataSource, SchemaMigrator.Dialect dialect, JdbcEventRepository events) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.dialect = dialect;
        this.events = events;
    }

    @Override
    public StoredSegment insert(String name, String description, String definitionJson, Instant now) {
        return jdbc.inTransaction("storing a segment", c -> {
            requireFreeName(c, name, null);
            long id;
            try (PreparedStatement ps = c.prepareStatement(dialect == SchemaMigrator.Dialect.DERBY
                    ? "VALUES NEXT VALUE FOR segment_seq" : "SELECT nextval('segment_seq')");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO segment (" + COLUMNS + ") VALUES (?, ?, ?, ?, 1, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, name);
                ps.setString(3, description);
                ps.setString(4, definitionJson);
                ps.setTimestamp(5, instants.convertToDatabaseColumn(now));
                ps.setTimestamp(6, instants.convertToDatabaseColumn(now));
                ps.executeUpdate();
            }
            return new StoredSegment(id, name, description, definitionJson, 1, now, now);
        }, r -> true);
    }

    @Override
    public Optional<StoredSegment> update(long id, String name, String description, String definitionJson,
            Long expectedVersion, Instant now) {
        return jdbc.inTransaction("updating a segment", c -> {
            Optional<StoredSegment> current = find(c, id, true);
            if (current.isEmpty()) {
                return current;
            }
            StoredSegment s = current.get();
            if (expectedVersion != null && expectedVersion != s.version()) {
                throw new ConflictException("segment " + id + " was changed meanwhile: it is at version " + s.version()
                        + ", the update was based on version " + expectedVersion);
            }
            requireFreeName(c, name, id);
            try (PreparedStatement ps = c.prepareStatement("UPDATE segment SET name = ?, description = ?, definition = ?,"
                    + " version = version + 1, updated_at = ? WHERE id = ?")) {
                ps.setString(1, name);
                ps.setString(2, description);
                ps.setString(3, definitionJson);
                ps.setTimestamp(4, instants.convertToDatabaseColumn(now));
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            return Optional.of(new StoredSegment(id, name, description, definitionJson, s.version() + 1, s.createdAt(), now));
        }, r -> true);
    }

    private static void requireFreeName(Connection c, String name, Long self) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM segment WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && (self == null || rs.getLong(1) != self)) {
                    throw new ConflictException("a segment named \"" + name + "\" already exists (id " + rs.getLong(1) + ")");
                }
            }
        }
    }

    @Override
    public boolean delete(long id) {
        return jdbc.inTransaction("deleting a segment", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM segment WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        }, r -> true);
    }

    @Override
    public Optional<StoredSegment> find(long id) {
        return jdbc.read("reading a segment", c -> find(c, id, false));
    }

    private Optional<StoredSegment> find(Connection c, long id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM segment WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<StoredSegment> list() {
        return jdbc.read("listing segments", c -> {
            List<StoredSegment> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM segment ORDER BY name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        });
    }

    private StoredSegment read(ResultSet rs) throws SQLException {
        return new StoredSegment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                instants.convertToEntityAttribute(rs.getTimestamp(6)), instants.convertToEntityAttribute(rs.getTimestamp(7)));
    }

    @Override
    public Optional<Membership> membership(long segmentId) {
        return jdbc.read("reading a segment's members", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT members, version FROM segment_membership WHERE segment_id = ?")) {
                ps.setLong(1, segmentId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Membership(rs.getBytes(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean publishMembership(long segmentId, long expectedVersion, byte[] members, List<NewEvent> entries,
            Instant now) {
        return jdbc.inTransaction("announcing segment membership", c -> {
            int updated;
            if (expectedVersion == 0) {
                // First announcement: the insert races with other nodes' on the primary key.
                try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM segment WHERE id = ?")) {
                    exists.setLong(1, segmentId);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (!rs.next()) {
                            return false;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO segment_membership"
                        + " (segment_id, members, version, evaluated_at) VALUES (?, ?, 1, ?)")) {
                    ps.setLong(1, segmentId);
                    ps.setBytes(2, members);
                    ps.setTimestamp(3, instants.convertToDatabaseColumn(now));
                    updated = ps.executeUpdate();
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                        return false;
                    }
                    throw e;
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE segment_membership SET members = ?,"
                        + " version = version + 1, evaluated_at = ? WHERE segment_id = ? AND version = ?")) {
                    ps.setBytes(1, members);
                    ps.setTimestamp(2, instants.convertToDatabaseColumn(now));
                    ps.setLong(3, segmentId);
                    ps.setLong(4, expectedVersion);
                    updated = ps.executeUpdate();
                }
            }
            if (updated != 1) {
                return false;
            }
            // Customers deleted meanwhile neither enter nor leave anything.
            java.util.Set<Long> live = events.existingCustomers(c,
                    entries.stream().map(NewEvent::customerId).collect(java.util.stream.Collectors.toSet()));
            List<NewEvent> kept = entries.stream().filter(e -> live.contains(e.customerId())).toList();
            if (!kept.isEmpty()) {
                events.ingest(c, kept, now, "segment");
            }
            return true;
        }, r -> r);
    }
}
