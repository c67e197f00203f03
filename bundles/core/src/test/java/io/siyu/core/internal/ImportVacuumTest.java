package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportState;
import io.siyu.api.org.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a large import leaves the tables it wrote vacuumed and analysed: rows fresh from
 * COPY are not marked visible to all, and every read of them until a vacuum (event ingestion's
 * identity and customer look-ups) visits the heap. A small import or a dry run leaves them to autovacuum.
 */
class ImportVacuumTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
    private static final Set<String> WRITTEN = Set.of("customer", "customer_attribute", "customer_change", "customer_identity");

    @TempDir
    Path dir;
    TestStores stores;
    ImportServiceImpl imports;

    @BeforeEach
    void open() {
        stores = TestStores.postgresStore();
        AttributeSchemaServiceImpl schema = new AttributeSchemaServiceImpl(stores.store, List::of, CLOCK);
        imports = new ImportServiceImpl(stores.store, schema, new TagServiceImpl(stores.store, CLOCK), CLOCK);
    }

    @AfterEach
    void close() {
        imports.close();
        stores.close();
    }

    private ImportJob importCustomers(int rows, boolean dryRun) throws IOException {
        StringBuilder csv = new StringBuilder("displayName,identity:phone,attr:region\n");
        for (int i = 0; i < rows; i++) {
            csv.append("客户").append(i).append(",+86138").append(String.format("%08d", i)).append(",上海\n");
        }
        Path file = dir.resolve("customers-" + rows + ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return imports.run(Caller.SYSTEM, file, new ImportOptions(dryRun, ImportMode.CREATE, false, false));
    }

    /** The customer tables of this test's schema that a manual VACUUM and ANALYZE have been through. */
    private Set<String> vacuumedAndAnalysed() throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Connection c = stores.dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema()"
                        + " AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        tables.retainAll(WRITTEN);
        return tables;
    }

    @Test
    void anImportOfTenThousandRowsLeavesEveryTableItWroteVacuumedAnalysedAndAllVisible() throws Exception {
        ImportJob job = importCustomers(10_000, false);
        assertEquals(ImportState.DONE, job.state(), job.message());
        assertEquals(10_000, job.created());

        assertEquals(WRITTEN, vacuumedAndAnalysed());
        try (Connection c = stores.dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT relpages, relallvisible, reltuples FROM pg_class"
                        + " WHERE oid = 'customer'::regclass")) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(1) > 0, "customer has pages");
            assertEquals(rs.getInt(1), rs.getInt(2), "every page of customer is all-visible: index-only scans need no heap visit");
            assertEquals(10_000, rs.getLong(3), "the planner knows the row count");
        }
    }

    @Test
    void aSmallImportAndADryRunLeaveTheTablesToAutovacuum() throws Exception {
        assertEquals(10_000, importCustomers(10_000, true).created(), "the dry run would create every row");
        assertEquals(ImportState.DONE, importCustomers(100, false).state());

        assertEquals(Set.of(), vacuumedAndAnalysed());
    }
}
