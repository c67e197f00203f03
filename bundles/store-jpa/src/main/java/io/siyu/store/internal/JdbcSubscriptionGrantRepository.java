package io.siyu.store.internal;

import io.siyu.store.SubscriptionGrantRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

final class JdbcSubscriptionGrantRepository implements SubscriptionGrantRepository {
    private static final String OPEN = " FROM subscription_grant WHERE customer_id = ? AND scope = ? AND template_id = ?"
            + " AND used_at IS NULL";

    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcSubscriptionGrantRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public boolean grant(long customerId, String scope, String templateId, String sourceId, Instant at) {
        // Retried: a concurrent insert of the same source (23505) finds it the next time and grants nothing.
        return jdbc.retrying("recording a subscription grant", c -> grant(c, customerId, scope, templateId, sourceId,
                at), granted -> true);
    }

    private boolean grant(Connection c, long customerId, String scope, String templateId, String sourceId, Instant at)
            throws SQLException {
        Long live = live(c, customerId);
        if (live == null) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM subscription_grant WHERE scope = ?"
                + " AND template_id = ? AND source_id = ?")) {
            ps.setString(1, scope);
            ps.setString(2, templateId);
            ps.setString(3, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO subscription_grant"
                + " (customer_id, scope, template_id, source_id, granted_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, live);
            ps.setString(2, scope);
            ps.setString(3, templateId);
            ps.setString(4, sourceId);
            ps.setTimestamp(5, instants.convertToDatabaseColumn(at));
            ps.executeUpdate();
        }
        return true;
    }

    /** The customer row locked (a merge moving grants waits), following an alias of a merged-away id. */
    private static Long live(Connection c, long customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM customer WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return customerId;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM customer_alias WHERE alias_id = ?")) {
            ps.setLong(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) != customerId ? live(c, rs.getLong(1)) : null;
            }
        }
    }

    @Override
    public int available(long customerId, String scope, String templateId) {
        return jdbc.read("counting subscription grants", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + OPEN)) {
                bind(ps, customerId, scope, templateId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public boolean consume(long customerId, String scope, String templateId, String usedBy, Instant at) {
        return jdbc.retrying("using a subscription grant", c -> {
            // Oldest first; the guarded update makes a grant another sender took meanwhile a miss, and we take the next.
            while (true) {
                Long id;
                try (PreparedStatement ps = c.prepareStatement("SELECT id" + OPEN + " ORDER BY granted_at, id")) {
                    bind(ps, customerId, scope, templateId);
                    ps.setMaxRows(1);
                    try (ResultSet rs = ps.executeQuery()) {
                        id = rs.next() ? rs.getLong(1) : null;
                    }
                }
                if (id == null) {
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE subscription_grant SET used_at = ?, used_by = ?"
                        + " WHERE id = ? AND used_at IS NULL")) {
                    ps.setTimestamp(1, instants.convertToDatabaseColumn(at));
                    ps.setString(2, clip(usedBy));
                    ps.setLong(3, id);
                    if (ps.executeUpdate() == 1) {
                        return true;
                    }
                }
            }
        }, used -> true);
    }

    @Override
    public int revokeAll(long customerId, String scope, String templateId, String why, Instant at) {
        return jdbc.retrying("revoking subscription grants", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE subscription_grant SET used_at = ?, used_by = ?"
                    + " WHERE customer_id = ? AND scope = ? AND template_id = ? AND used_at IS NULL")) {
                ps.setTimestamp(1, instants.convertToDatabaseColumn(at));
                ps.setString(2, clip(why));
                ps.setLong(3, customerId);
                ps.setString(4, scope);
                ps.setString(5, templateId);
                return ps.executeUpdate();
            }
        }, n -> true);
    }

    private static void bind(PreparedStatement ps, long customerId, String scope, String templateId) throws SQLException {
        ps.setLong(1, customerId);
        ps.setString(2, scope);
        ps.setString(3, templateId);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200);
    }
}
