package io.siyu.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Customer ids for the JDBC bulk paths, from customer_seq blocks shared with EclipseLink's
 * pre-allocation (see V1__customers.sql and CustomerEntity): each value the sequence hands out is
 * the highest id of a block of {@link #BLOCK}.
 */
final class CustomerSeq {
    static final int BLOCK = 50;
    /** Derby's SQLState when it could not write a sequence's new range: see {@link #derbyNext}. */
    static final String DERBY_SEQUENCE_CONTENTION = "X0Y84";
    private static final int DERBY_ATTEMPTS = 25;

    private long next;
    private long last = -1;
    private List<Long> pending = new ArrayList<>();

    /** The next free id, fetching as many blocks as {@code stillNeeded} ids need when this one is used up. */
    long next(Connection c, SchemaMigrator.Dialect dialect, int stillNeeded) throws SQLException {
        if (next > last) {
            refill(c, dialect, stillNeeded);
        }
        return next++;
    }

    private void refill(Connection c, SchemaMigrator.Dialect dialect, int stillNeeded) throws SQLException {
        if (pending.isEmpty()) {
            pending = blockEnds(c, dialect, Math.max(1, (stillNeeded + BLOCK - 1) / BLOCK));
        }
        last = pending.remove(0);
        next = last - BLOCK + 1;
    }

    /**
     * The highest ids of {@code blocks} fresh blocks; on PostgreSQL in one round trip (the blocks
     * need not be adjacent).
     */
    static List<Long> blockEnds(Connection c, SchemaMigrator.Dialect dialect, int blocks) throws SQLException {
        List<Long> ends = new ArrayList<>(blocks);
        if (blocks == 0) {
            return ends;
        }
        try (Statement st = c.createStatement()) {
            if (dialect == SchemaMigrator.Dialect.DERBY) {
                for (int i = 0; i < blocks; i++) {
                    ends.add(derbyNext(st));
                }
            } else {
                try (ResultSet rs = st.executeQuery("SELECT nextval('customer_seq') FROM generate_series(1, " + blocks + ")")) {
                    while (rs.next()) {
                        ends.add(rs.getLong(1));
                    }
                }
            }
        }
        return ends;
    }

    /**
     * One value from Derby's customer_seq. When the pre-allocated range runs out, Derby writes the
     * next one to SYS.SYSSEQUENCES in a sub-transaction that does not wait for locks, and fails the
     * statement (not the transaction) at once if any other session holds the row for a moment, as
     * a concurrent session swapping its cached generator does. The lock is gone a few milliseconds
     * later, so the value is asked for again, backing off up to about 4 s in all.
     */
    private static long derbyNext(Statement st) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try (ResultSet rs = st.executeQuery("VALUES NEXT VALUE FOR customer_seq")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                if (!DERBY_SEQUENCE_CONTENTION.equals(e.getSQLState()) || attempt == DERBY_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(200, 2L << Math.min(attempt, 10)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
