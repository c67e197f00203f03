package io.siyu.store.internal;

import io.siyu.api.customer.ChannelIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds who holds each of many identities (an event batch, an import chunk) in few round trips.
 *
 * <p>PostgreSQL: one query per (type, namespace) with the values as one array, probing the unique
 * (type, namespace, value) key once per value. The LATERAL … LIMIT 1 form makes that plan the only
 * one: with {@code id_value IN (…)} or {@code = ANY(?)} a table without statistics (autovacuum off,
 * or a bulk load faster than auto-analyze) was read with the IN list as a filter over every
 * identity of the type, so imports slowed down with every chunk.
 */
final class IdentityOwners {
    /** Bound parameters per IN list on Derby. */
    private static final int IN_CHUNK = 500;

    private IdentityOwners() {
    }

    /** Puts the owner of every held identity into {@code owners}; unheld ones stay absent. */
    static void lookUp(Connection c, SchemaMigrator.Dialect dialect, Collection<ChannelIdentity> identities,
            Map<ChannelIdentity, Long> owners) throws SQLException {
        Map<String, List<ChannelIdentity>> byScope = new LinkedHashMap<>();
        for (ChannelIdentity i : identities) {
            byScope.computeIfAbsent(i.type().name() + "\u0000" + i.namespace(), k -> new ArrayList<>()).add(i);
        }
        for (List<ChannelIdentity> scope : byScope.values()) {
            Map<String, ChannelIdentity> byValue = new HashMap<>();
            scope.forEach(i -> byValue.put(i.value(), i));
            if (dialect == SchemaMigrator.Dialect.POSTGRESQL) {
                postgres(c, scope, byValue, owners);
            } else {
                derby(c, scope, byValue, owners);
            }
        }
    }

    private static void postgres(Connection c, List<ChannelIdentity> scope, Map<String, ChannelIdentity> byValue,
            Map<ChannelIdentity, Long> owners) throws SQLException {
        ChannelIdentity first = scope.get(0);
        String[] values = byValue.keySet().toArray(new String[0]);
        try (PreparedStatement ps = c.prepareStatement("SELECT v.id_value, x.customer_id"
                + " FROM unnest(?::varchar[]) AS v(id_value) CROSS JOIN LATERAL"
                + " (SELECT i.customer_id FROM customer_identity i"
                + " WHERE i.id_type = ? AND i.namespace = ? AND i.id_value = v.id_value LIMIT 1) x")) {
            ps.setArray(1, c.createArrayOf("varchar", values));
            ps.setString(2, first.type().name());
            ps.setString(3, first.namespace());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.put(byValue.get(rs.getString(1)), rs.getLong(2));
                }
            }
        }
    }

    /** Derby probes IN lists only on an index's first column: use the one led by id_value (V10). */
    private static void derby(Connection c, List<ChannelIdentity> scope, Map<String, ChannelIdentity> byValue,
            Map<ChannelIdentity, Long> owners) throws SQLException {
        ChannelIdentity first = scope.get(0);
        for (int from = 0; from < scope.size(); from += IN_CHUNK) {
            List<ChannelIdentity> chunk = scope.subList(from, Math.min(scope.size(), from + IN_CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT id_value, customer_id FROM customer_identity"
                    + " --DERBY-PROPERTIES index=IX_CUSTOMER_IDENTITY_VALUE\n"
                    + " WHERE id_value IN (" + marks(chunk.size()) + ") AND id_type = ? AND namespace = ?")) {
                for (int k = 0; k < chunk.size(); k++) {
                    ps.setString(k + 1, chunk.get(k).value());
                }
                ps.setString(chunk.size() + 1, first.type().name());
                ps.setString(chunk.size() + 2, first.namespace());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        owners.put(byValue.get(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
        }
    }

    static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }
}
