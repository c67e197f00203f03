package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import io.siyu.store.AttributeDefinitionRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/** Custom attribute definitions in attribute_definition and attribute_allowed_value (schema V7). */
final class JdbcAttributeDefinitionRepository implements AttributeDefinitionRepository {
    private static final String SELECT = "SELECT name, label, value_type, description FROM attribute_definition";

    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcAttributeDefinitionRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public List<AttributeDefinition> list() {
        return jdbc.read("listing attribute definitions", c -> query(c, SELECT + " ORDER BY name", null));
    }

    @Override
    public Optional<AttributeDefinition> find(String name) {
        return jdbc.read("reading an attribute definition", c -> find(c, name, false));
    }

    @Override
    public AttributeDefinition insert(AttributeDefinition d, Instant now) {
        return jdbc.inTransaction("defining an attribute", c -> {
            if (find(c, d.name(), false).isPresent()) {
                throw new ConflictException("attribute '" + d.name() + "' is already defined");
            }
            checkHeldValuesFit(c, d);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO attribute_definition"
                    + " (name, label, value_type, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, d.name());
                ps.setString(2, d.label());
                ps.setString(3, d.type().name());
                ps.setString(4, d.description());
                ps.setTimestamp(5, instants.convertToDatabaseColumn(now));
                ps.setTimestamp(6, instants.convertToDatabaseColumn(now));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw raced(e, d.name());
            }
            insertAllowedValues(c, d);
            return find(c, d.name(), false).orElseThrow();
        }, stored -> true);
    }

    @Override
    public Optional<AttributeDefinition> update(AttributeDefinition d, Instant now) {
        return jdbc.inTransaction("changing an attribute definition", c -> {
            Optional<AttributeDefinition> old = find(c, d.name(), true);
            if (old.isEmpty()) {
                return old;
            }
            Set<String> held = heldValues(c, d.name());
            if (old.get().type() != d.type() && !held.isEmpty()) {
                throw new ConflictException("attribute '" + d.name() + "' cannot change its type from "
                        + old.get().type() + " to " + d.type() + ": " + countHolders(c, d.name())
                        + " customer(s) hold values of it (delete it with purge, or define a new attribute)");
            }
            if (d.type() == AttributeType.ENUM) {
                Set<String> dropped = new TreeSet<>(held);
                dropped.removeAll(d.allowedValues());
                if (!dropped.isEmpty()) {
                    throw new ConflictException("attribute '" + d.name() + "' cannot drop the value(s) " + dropped
                            + ": customers hold them");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE attribute_definition"
                    + " SET label = ?, value_type = ?, description = ?, updated_at = ? WHERE name = ?")) {
                ps.setString(1, d.label());
                ps.setString(2, d.type().name());
                ps.setString(3, d.description());
                ps.setTimestamp(4, instants.convertToDatabaseColumn(now));
                ps.setString(5, d.name());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM attribute_allowed_value WHERE attribute_name = ?")) {
                ps.setString(1, d.name());
                ps.executeUpdate();
            }
            insertAllowedValues(c, d);
            return find(c, d.name(), false);
        }, changed -> true);
    }

    @Override
    public boolean delete(String name, boolean purgeValues, Instant now) {
        return jdbc.inTransaction("deleting an attribute definition", c -> {
            if (find(c, name, true).isEmpty()) {
                return false;
            }
            long holders = countHolders(c, name);
            if (holders > 0 && !purgeValues) {
                throw new ConflictException("attribute '" + name + "' is held by " + holders
                        + " customer(s); delete with purge to remove their values too");
            }
            if (holders > 0) {
                ChangeLog.recordAttributeHolders(c, name, now);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer_attribute WHERE name = ?")) {
                    ps.setString(1, name);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM attribute_definition WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            return true;
        }, deleted -> true);
    }

    @Override
    public long countHolders(String name) {
        return jdbc.read("counting attribute holders", c -> countHolders(c, name));
    }

    /**
     * Customers may already hold values of a name that is not in the schema (written before it, or
     * by an edition since withdrawn); a new definition must fit them, or they could not be saved back.
     */
    private static void checkHeldValuesFit(Connection c, AttributeDefinition d) throws SQLException {
        Set<String> fitting = switch (d.type()) {
            case TEXT, ENUM -> Set.of("string");
            case INTEGER -> Set.of("integer");
            case DECIMAL -> Set.of("decimal", "integer");
            case BOOLEAN -> Set.of("boolean");
            case DATE -> Set.of("date");
        };
        Set<String> misfits = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT value_type FROM customer_attribute WHERE name = ?")) {
            ps.setString(1, d.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!fitting.contains(rs.getString(1))) {
                        misfits.add(rs.getString(1));
                    }
                }
            }
        }
        if (misfits.isEmpty() && d.type() == AttributeType.ENUM) {
            Set<String> outside = new TreeSet<>(heldValues(c, d.name()));
            outside.removeAll(d.allowedValues());
            if (!outside.isEmpty()) {
                throw new ConflictException("customers already hold values of '" + d.name() + "' that are not allowed: " + outside);
            }
        }
        if (!misfits.isEmpty()) {
            throw new ConflictException("customers already hold values of '" + d.name() + "' stored as " + misfits
                    + ", which do not fit type " + d.type());
        }
    }

    private static long countHolders(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customer_attribute WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Set<String> heldValues(Connection c, String name) throws SQLException {
        Set<String> values = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT value_text FROM customer_attribute WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static void insertAllowedValues(Connection c, AttributeDefinition d) throws SQLException {
        if (d.allowedValues().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO attribute_allowed_value (attribute_name, value_index, allowed_value) VALUES (?, ?, ?)")) {
            for (int i = 0; i < d.allowedValues().size(); i++) {
                ps.setString(1, d.name());
                ps.setInt(2, i);
                ps.setString(3, d.allowedValues().get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** {@code forUpdate} locks the row, so concurrent changes of one definition run one after the other. */
    private static Optional<AttributeDefinition> find(Connection c, String name, boolean forUpdate) throws SQLException {
        return query(c, SELECT + " WHERE name = ?" + (forUpdate ? " FOR UPDATE" : ""), name).stream().findFirst();
    }

    private static List<AttributeDefinition> query(Connection c, String sql, String name) throws SQLException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        Map<String, List<String>> allowed = allowedValues(c, name);
        List<AttributeDefinition> out = new ArrayList<>();
        rows.forEach((n, r) -> out.add(new AttributeDefinition(n, r[0], AttributeType.valueOf(r[1]),
                allowed.getOrDefault(n, List.of()), r[2], AttributeOrigin.CUSTOM)));
        return out;
    }

    private static Map<String, List<String>> allowedValues(Connection c, String name) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String sql = "SELECT attribute_name, allowed_value FROM attribute_allowed_value"
                + (name != null ? " WHERE attribute_name = ?" : "") + " ORDER BY attribute_name, value_index";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Another node defined the same name between our check and our insert. */
    private static RuntimeException raced(SQLException e, String name) throws SQLException {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
            return new ConflictException("attribute '" + name + "' is already defined");
        }
        throw e;
    }
}
