package io.siyu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import javax.persistence.EntityManager;

/**
 * Writes customer_change rows inside the transaction that changes the customers, so the segment
 * indexes of every node learn of a change exactly when it commits. Every repository method that
 * changes a customer's identities, tags, attributes or existence calls one of these.
 */
final class ChangeLog {
    private static final InstantConverter INSTANTS = new InstantConverter();
    private static final String INSERT = "INSERT INTO customer_change (customer_id, changed_at) VALUES (?, ?)";

    private ChangeLog() {
    }

    static void record(EntityManager em, long customerId, Instant now) {
        Commits.changed();
        em.createNativeQuery(INSERT).setParameter(1, customerId)
                .setParameter(2, INSTANTS.convertToDatabaseColumn(now)).executeUpdate();
    }

    static void record(Connection c, Collection<Long> customerIds, Instant now) throws SQLException {
        record(c, customerIds, now, false);
    }

    /**
     * Records customers created in this transaction ({@code born}: no event of theirs precedes the
     * row), so that segment indexes need not read their events back.
     */
    static void recordBorn(Connection c, Collection<Long> customerIds, Instant now) throws SQLException {
        record(c, customerIds, now, true);
    }

    private static void record(Connection c, Collection<Long> customerIds, Instant now, boolean born) throws SQLException {
        if (customerIds.isEmpty()) {
            return;
        }
        Commits.changed();
        Timestamp at = INSTANTS.convertToDatabaseColumn(now);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_change (customer_id, changed_at, born) VALUES (?, ?, ?)")) {
            for (long id : customerIds) {
                ps.setLong(1, id);
                ps.setTimestamp(2, at);
                ps.setBoolean(3, born);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Like {@link #record(Connection, Collection, Instant)}, as one COPY stream (PostgreSQL bulk paths). */
    static void copy(Connection c, Collection<Long> customerIds, Instant now) throws SQLException {
        copy(c, customerIds, now, false);
    }

    /** Like {@link #recordBorn}, as one COPY stream. */
    static void copyBorn(Connection c, Collection<Long> customerIds, Instant now) throws SQLException {
        copy(c, customerIds, now, true);
    }

    private static void copy(Connection c, Collection<Long> customerIds, Instant now, boolean born) throws SQLException {
        if (customerIds.isEmpty()) {
            return;
        }
        Commits.changed();
        try (PgCopy rows = PgCopy.into(c, "customer_change", "customer_id, changed_at, born")) {
            for (long id : customerIds) {
                rows.number(id).timestamp(now).text(born ? "t" : "f").endRow();
            }
            rows.finish();
        }
    }

    /** Records every customer holding a value of the attribute, before those values are deleted. */
    static void recordAttributeHolders(Connection c, String attribute, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_change (customer_id, changed_at)"
                + " SELECT customer_id, ? FROM customer_attribute WHERE name = ?")) {
            ps.setTimestamp(1, INSTANTS.convertToDatabaseColumn(now));
            ps.setString(2, attribute);
            ps.executeUpdate();
        }
    }

    /** Records every customer, e.g. after a restore put them all in at once. */
    static void recordEveryCustomer(Connection c, Instant now) throws SQLException {
        Commits.changed();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_change (customer_id, changed_at)"
                + " SELECT id, ? FROM customer")) {
            ps.setTimestamp(1, INSTANTS.convertToDatabaseColumn(now));
            ps.executeUpdate();
        }
    }
}
