package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Derby refuses a sequence value at once when another session holds the sequence's catalog row
 * while a new range must be written (SQLState X0Y84, "too much contention"). Bulk writers take
 * customer ids inside their transactions, so a moment's contention must not fail a whole chunk.
 */
class DerbyCustomerSeqTest {
    DataSource db;

    @BeforeEach
    void open() {
        db = TestDatabases.freshDerby();
        new SchemaMigrator(db).migrate();
    }

    /** A session that reads SYS.SYSSEQUENCES at read stability holds the customer_seq row until it ends. */
    private Connection holdingTheSequenceRow() throws SQLException {
        Connection reader = db.getConnection();
        reader.setAutoCommit(false);
        try (Statement st = reader.createStatement();
                ResultSet rs = st.executeQuery("SELECT sequencename FROM sys.syssequences WITH RS")) {
            while (rs.next()) {
                // every row read stays locked until commit
            }
        }
        return reader;
    }

    @Test
    void aSequenceRowHeldForAMomentDelaysTheIdsAndTheTransactionGoesOn() throws Exception {
        try (Connection reader = holdingTheSequenceRow(); Connection writer = db.getConnection()) {
            // Derby itself refuses once the values it keeps in memory (100 at most) are used up
            // and the next range must be written to the held row
            try (Connection plain = db.getConnection(); Statement st = plain.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> {
                    for (int i = 0; i <= 100; i++) {
                        try (ResultSet rs = st.executeQuery("VALUES NEXT VALUE FOR customer_seq")) {
                            rs.next();
                        }
                    }
                });
                assertEquals(CustomerSeq.DERBY_SEQUENCE_CONTENTION, refused.getSQLState());
            }
            CompletableFuture<Void> released = CompletableFuture.runAsync(() -> {
                try {
                    reader.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

            writer.setAutoCommit(false);
            List<Long> ends = CustomerSeq.blockEnds(writer, SchemaMigrator.Dialect.DERBY, 3);
            try (Statement st = writer.createStatement()) {
                st.executeUpdate("INSERT INTO customer (id, display_name, created_at, updated_at, version)"
                        + " VALUES (" + ends.get(0) + ", 'a', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)");
            }
            writer.commit();
            writer.setAutoCommit(true);
            released.get(5, TimeUnit.SECONDS);

            assertEquals(List.of(ends.get(0), ends.get(0) + 50, ends.get(0) + 100), ends);
            try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM customer")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
