package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.UnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that dies under a transaction (closed by the pool, a broken socket, or on embedded
 * Derby an interrupt) before the commit loses nothing and is run again on a fresh one; one that
 * dies in the commit is reported, with the cause and not the failed rollback's "No current connection".
 */
class DerbyConnectionLossTest {
    DataSource db;
    JdbcTransactions jdbc;

    @BeforeEach
    void open() throws SQLException {
        db = TestDatabases.freshDerby();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (v INT)");
        }
        jdbc = new JdbcTransactions(db);
    }

    private int rows() throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void insert(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO t VALUES (1)");
        }
    }

    @Test
    void aTransactionWhoseConnectionIsLostBeforeTheCommitRunsAgainOnAFreshOne() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        int written = jdbc.retrying("writing", c -> {
            insert(c);
            if (attempts.incrementAndGet() == 1) {
                c.abort(Runnable::run); // as a pool or an interrupt would: the next statement finds no connection
                insert(c);
            }
            return 1;
        }, r -> true);

        assertEquals(1, written);
        assertEquals(2, attempts.get());
        assertEquals(1, rows(), "the lost attempt kept nothing, the second was committed once");
    }

    @Test
    void aConnectionLostInTheCommitIsReportedNotRunAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Connection[] used = new Connection[1];
        UnavailableException e = assertThrows(UnavailableException.class, () -> jdbc.retrying("writing", c -> {
            attempts.incrementAndGet();
            insert(c);
            used[0] = c;
            return 1;
        }, r -> {
            try {
                used[0].abort(Runnable::run); // lost just before the commit
            } catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
            return true;
        }));

        assertEquals(1, attempts.get(), "whether a commit that failed was kept is unknown: never run again");
        assertTrue(e.getMessage().startsWith("writing failed"), e.getMessage());
    }

    @Test
    void aFailureThatAlsoCostTheConnectionIsReportedItselfNotAsTheRollbackThatCouldNotRun() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> jdbc.inTransaction("writing", c -> {
            insert(c);
            c.abort(Runnable::run);
            throw new IllegalStateException("the real cause");
        }, r -> true));

        assertEquals("the real cause", e.getMessage());
        assertEquals(0, rows());
    }
}
