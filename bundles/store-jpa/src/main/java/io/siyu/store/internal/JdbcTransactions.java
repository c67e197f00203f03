package io.siyu.store.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.UnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/** One JDBC transaction for the repositories that bypass JPA for speed; failures become API exceptions. */
final class JdbcTransactions {
    /**
     * SQLStates after which running the whole transaction again is the right answer: serialization
     * failure and deadlock (PostgreSQL 40001/40P01, Derby 40001/40XL1/40XL2), and the foreign-key or
     * unique violations a concurrent merge or insert causes (the retry re-resolves aliases and owners).
     */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "40XL1", "40XL2", "23503", "23505");
    private static final int MAX_ATTEMPTS = 12;

    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Whether to commit what the work did, judged from its result (e.g. a rejected batch rolls back). */
    @FunctionalInterface
    interface Verdict<T> {
        boolean commit(T result);
    }

    /** Thrown by work that found a row it had resolved gone (merged away meanwhile): run it again. */
    static final class Stale extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stale(String message) {
            super(message, null, false, false);
        }
    }

    private final DataSource dataSource;

    JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T inTransaction(String what, Work<T> work, Verdict<T> verdict) {
        try {
            return attempt(work, verdict);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Like {@link #inTransaction} but runs the work again, from a fresh transaction, when it lost a
     * race (deadlock, serialization failure, {@link Stale}), so callers never see the race.
     */
    <T> T retrying(String what, Work<T> work, Verdict<T> verdict) {
        for (int attempt = 1;; attempt++) {
            try {
                return attempt(work, verdict);
            } catch (LostBeforeCommit e) {
                if (attempt >= 3) {
                    throw failure(what, e);
                }
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !TRANSIENT.contains(sqlState(e))) {
                    throw failure(what, e);
                }
            } catch (Stale e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ConflictException(what + " kept colliding with concurrent changes: " + e.getMessage());
                }
            }
            backOff(attempt);
        }
    }

    private <T> T attempt(Work<T> work, Verdict<T> verdict) throws SQLException {
        boolean committing = false;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                if (verdict.commit(result)) {
                    committing = true;
                    c.commit();
                    Commits.committed();
                } else {
                    c.rollback();
                    Commits.rolledBack();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollBackAfter(c, e);
                throw e;
            } finally {
                if (!c.isClosed()) {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            if (!committing && isConnectionLoss(e)) {
                throw new LostBeforeCommit(e);
            }
            throw e;
        }
    }

    /** Rolls back after a failure without hiding it: a connection the failure closed cannot roll back. */
    private static void rollBackAfter(Connection c, Exception failure) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        Commits.rolledBack();
    }

    /**
     * The connection failed (SQLState class 08: closed under us, broken, or closed by an interrupt
     * on embedded Derby) before a commit was asked for: nothing of the transaction can have been
     * kept, so running it again on another connection is safe. A failure during the commit itself
     * stays a failure: whether it was kept is unknown.
     */
    static final class LostBeforeCommit extends SQLException {
        private static final long serialVersionUID = 1L;

        LostBeforeCommit(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A read whose statements PostgreSQL plans for the parameters and tables of each call. For
     * keyset pages ({@code seq > ? ORDER BY seq FETCH FIRST n}) over tables that grow from empty: a
     * generic plan cached on a pooled connection while the table was small (a scan and a sort) is
     * kept until statistics change, and then reads the whole table per page. Only here, not for the
     * whole data source: foreign-key checks are prepared statements too, and re-planned per row
     * they cost a bulk write more than the rest of it.
     */
    <T> T readPlannedPerCall(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (SchemaMigrator.Dialect.of(c) != SchemaMigrator.Dialect.POSTGRESQL) {
                return work.apply(c);
            }
            c.setAutoCommit(false);
            try {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                }
                return work.apply(c);
            } finally {
                c.rollback(); // read only: nothing to keep, and SET LOCAL ends with it
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UnavailableException(what + " failed: " + e.getMessage(), e);
        }
    }

    <T> T read(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new UnavailableException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static RuntimeException failure(String what, SQLException e) {
        String state = sqlState(e);
        if (state != null && state.startsWith("23")) {
            return new ConflictException(what + " collides with existing data: " + e.getMessage());
        }
        return new UnavailableException(what + " failed: " + e.getMessage(), e);
    }

    /** The first SQLState in the chain; drivers wrap the interesting one. */
    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && (TRANSIENT.contains(s.getSQLState()) || s.getSQLState().startsWith("23"))) {
                        return s.getSQLState();
                    }
                }
            }
        }
        return e instanceof SQLException sql ? sql.getSQLState() : null;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while retrying", e);
        }
    }
}
