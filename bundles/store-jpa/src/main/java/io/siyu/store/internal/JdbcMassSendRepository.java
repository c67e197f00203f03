package io.siyu.store.internal;

import io.siyu.store.MassSendRepository;
import io.siyu.store.StoredMassSend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

final class JdbcMassSendRepository implements MassSendRepository {
    private static final String COLUMNS = "id, name, definition, scheduled_at, state, plan, created_by, created_at,"
            + " updated_at, version";

    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcMassSendRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public StoredMassSend insert(String name, String definitionJson, Instant scheduledAt, String state,
            String createdBy, Instant at) {
        return jdbc.inTransaction("storing a mass send", c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mass_send (name, definition, scheduled_at,"
                    + " state, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, definitionJson);
                ps.setTimestamp(3, instants.convertToDatabaseColumn(scheduledAt));
                ps.setString(4, state);
                ps.setString(5, createdBy);
                ps.setTimestamp(6, instants.convertToDatabaseColumn(at));
                ps.setTimestamp(7, instants.convertToDatabaseColumn(at));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return find(c, id).orElseThrow();
        }, r -> true);
    }

    @Override
    public Optional<StoredMassSend> find(long id) {
        return jdbc.read("reading a mass send", c -> find(c, id));
    }

    private Optional<StoredMassSend> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM mass_send WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<StoredMassSend> list(int offset, int limit) {
        return jdbc.read("listing mass sends", c -> {
            List<StoredMassSend> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM mass_send ORDER BY id DESC"
                    + " OFFSET " + offset + " ROWS FETCH NEXT " + limit + " ROWS ONLY")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<StoredMassSend> dueDrafts(Instant now, int limit) {
        return jdbc.read("listing due mass sends", c -> {
            List<StoredMassSend> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM mass_send"
                    + " WHERE state = 'DRAFT' AND scheduled_at <= ? ORDER BY scheduled_at, id"
                    + " FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setTimestamp(1, instants.convertToDatabaseColumn(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long count() {
        return jdbc.read("counting mass sends", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM mass_send")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Optional<StoredMassSend> update(long id, int expectedVersion, String state, Instant scheduledAt,
            String planJson, Instant at) {
        return jdbc.inTransaction("updating a mass send", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mass_send SET state = ?, scheduled_at = ?,"
                    + " plan = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?")) {
                ps.setString(1, state);
                ps.setTimestamp(2, instants.convertToDatabaseColumn(scheduledAt));
                ps.setString(3, planJson);
                ps.setTimestamp(4, instants.convertToDatabaseColumn(at));
                ps.setLong(5, id);
                ps.setInt(6, expectedVersion);
                if (ps.executeUpdate() != 1) {
                    return Optional.<StoredMassSend>empty();
                }
            }
            return find(c, id);
        }, r -> true);
    }

    private StoredMassSend row(ResultSet rs) throws SQLException {
        return new StoredMassSend(rs.getLong(1), rs.getString(2), rs.getString(3),
                instants.convertToEntityAttribute(rs.getTimestamp(4)), rs.getString(5), rs.getString(6),
                rs.getString(7), instants.convertToEntityAttribute(rs.getTimestamp(8)),
                instants.convertToEntityAttribute(rs.getTimestamp(9)), rs.getInt(10));
    }
}
