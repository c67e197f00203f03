package io.siyu.store.internal;

import io.siyu.api.UnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One JDBC transaction for the repositories that bypass JPA for speed; failures become API exceptions. */
final class JdbcTransactions {
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Whether to commit what the work did, judged from its result (e.g. a rejected batch rolls back). */
    @FunctionalInterface
    interface Verdict<T> {
        boolean commit(T result);
    }

    private final DataSource dataSource;

    JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T inTransaction(String what, Work<T> work, Verdict<T> verdict) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                if (verdict.commit(result)) {
                    c.commit();
                    Commits.committed();
                } else {
                    c.rollback();
                    Commits.rolledBack();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                Commits.rolledBack();
                throw e;
            } finally {
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
}
