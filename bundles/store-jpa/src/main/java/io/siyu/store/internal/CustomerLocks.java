package io.siyu.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * What customer_event's foreign key did on PostgreSQL, where schema 24 dropped it for ingestion
 * speed: transaction-scoped advisory locks on buckets of customer ids. Ingestion holds its buckets
 * shared and then checks that its customers still exist; merges and deletes hold a customer's bucket
 * exclusively before they move or delete its events. Either the ingestion commits first and the
 * merge or delete then sees its events, or the merge or delete commits first and the ingestion's
 * check finds the customer gone and runs again. On Derby the key is still there and these do nothing.
 */
final class CustomerLocks {
    /** First key of the two-key advisory locks, so Siyu's never collide with another application's. */
    private static final int LOCK_CLASS = 0x53495955; // "SIYU"
    /**
     * Buckets of customer ids. A large batch locks all of them, so this bounds what one ingestion
     * adds to the server's lock table (max_locks_per_transaction x connections, 6,400 by default).
     */
    static final int BUCKETS = 128;

    private CustomerLocks() {
    }

    static int bucket(long customerId) {
        return (int) Math.floorMod(customerId, (long) BUCKETS);
    }

    /** Held by merges and deletes, in their transaction, before they touch the customer's events. */
    static void exclusive(Connection c, SchemaMigrator.Dialect dialect, long customerId) throws SQLException {
        if (dialect != SchemaMigrator.Dialect.POSTGRESQL) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, bucket(customerId));
            ps.executeQuery().close();
        }
    }

    /**
     * Held by event ingestion: takes the buckets of {@code customers} shared, in ascending order. The
     * caller then checks that they still exist: any merge or delete that held a bucket before has
     * committed by now, so a fresh statement sees it.
     */
    static void shared(Connection c, SchemaMigrator.Dialect dialect, Set<Long> customers) throws SQLException {
        if (dialect != SchemaMigrator.Dialect.POSTGRESQL || customers.isEmpty()) {
            return;
        }
        TreeSet<Integer> buckets = new TreeSet<>();
        customers.forEach(id -> buckets.add(bucket(id)));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_advisory_xact_lock_shared(?, b) FROM unnest(?::int[]) AS u(b)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setArray(2, c.createArrayOf("integer", buckets.toArray(new Integer[0])));
            ps.executeQuery().close();
        }
    }
}
