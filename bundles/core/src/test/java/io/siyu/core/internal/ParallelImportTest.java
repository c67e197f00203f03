package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportState;
import io.siyu.api.org.Caller;
import io.siyu.store.CustomerImports;
import io.siyu.store.Store;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The importer with several chunks written at once (as on PostgreSQL), here with chunks of 3 rows
 * and 2 writers on both stores: chunks commit in file order, rows decide as they would one chunk
 * after the other, and a failed chunk stops the import with nothing after it stored.
 */
@Timeout(120)
class ParallelImportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    TestStores stores;
    ImportServiceImpl imports;
    /** First row of each chunk, in the order the chunks were allowed to commit. */
    final List<Long> commitOrder = Collections.synchronizedList(new ArrayList<>());
    /** Chunks whose first row matches wait this long before writing (so later chunks overtake them). */
    LongPredicate slow = row -> false;
    /** Chunks whose first row matches fail like a database refusal. */
    LongPredicate failing = row -> false;

    void open(String kind) {
        stores = kind.equals("postgresql") ? TestStores.postgresStore() : TestStores.derbyStore();
        CustomerImports real = stores.store.customerImports();
        CustomerImports parallel = new CustomerImports() {
            @Override
            public List<Result> importChunk(List<Row> rows, boolean upsert, boolean write, Instant now) {
                return importChunk(rows, upsert, now, CompletableFuture.completedFuture(true));
            }

            @Override
            public List<Result> importChunk(List<Row> rows, boolean upsert, Instant now, Future<Boolean> after) {
                long first = rows.get(0).row();
                if (slow.test(first)) {
                    sleep(400);
                }
                if (failing.test(first)) {
                    sleep(400); // the chunk after this one is written meanwhile and waits for this one
                    throw new ConflictException("tag deleted meanwhile");
                }
                // the order in which chunks are let commit
                Future<Boolean> turn = ((CompletableFuture<Boolean>) after).thenApply(go -> {
                    if (go) {
                        commitOrder.add(first);
                    }
                    return go;
                });
                return real.importChunk(rows, upsert, now, turn);
            }

            @Override
            public int parallelWriters() {
                return 2;
            }

            @Override
            public int chunkRows() {
                return 3;
            }
        };
        Store store = (Store) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> method.getName().equals("customerImports") ? parallel : method.invoke(stores.store, args));
        AttributeSchemaServiceImpl schema = new AttributeSchemaServiceImpl(store, List::of, CLOCK);
        imports = new ImportServiceImpl(store, schema, new TagServiceImpl(store, CLOCK), CLOCK);
    }

    @AfterEach
    void close() {
        imports.close();
        stores.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rows 2..21 (the header is row 1), each with its own phone unless {@code samePhone} pairs name one. */
    private Path csv(long... samePhone) throws Exception {
        StringBuilder text = new StringBuilder("displayName,identity:phone,attr:region\n");
        for (int row = 2; row <= 21; row++) {
            int phone = row;
            for (int k = 0; k < samePhone.length; k += 2) {
                if (samePhone[k + 1] == row) {
                    phone = (int) samePhone[k];
                }
            }
            text.append("客户").append(row).append(",1380000").append(String.format("%04d", phone)).append(",上海\n");
        }
        Path file = Files.createTempFile(dir, "customers", ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private boolean stored(int row) {
        return stores.store.customers().findIdByIdentity(
                ChannelIdentity.of(IdentityType.PHONE, "+86138" + "0000" + String.format("%04d", row))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void chunksCommitInFileOrderAndRowsDecideAsOneAfterTheOther(String kind) throws Exception {
        open(kind);
        // row 6 repeats row 3's phone: chunks [2-4] and [5-7] would be in flight together, and
        // [2-4] is slow, so without care [5-7] would store the phone first; row 15 repeats row 14's
        slow = row -> row == 2;
        ImportJob job = imports.run(Caller.SYSTEM, csv(3, 6, 14, 15), new ImportOptions(false, ImportMode.CREATE, false, false));

        assertEquals(ImportState.DONE, job.state(), job.message());
        assertEquals(20, job.rowsRead());
        assertEquals(18, job.created());
        assertEquals(2, job.rowsFailed());
        assertEquals(6, job.problems().get(0).row());
        assertTrue(job.problems().get(0).message().contains("belongs to customer"), job.problems().get(0).message());
        assertEquals(15, job.problems().get(1).row());
        assertTrue(job.problems().get(1).message().contains("also on row 14"), job.problems().get(1).message());
        assertEquals(List.of(2L, 5L, 8L, 11L, 14L, 17L, 20L), commitOrder);
        assertEquals("客户3", stores.store.customers().find(stores.store.customers().findIdByIdentity(
                ChannelIdentity.of(IdentityType.PHONE, "+8613800000003")).orElseThrow()).orElseThrow().displayName());
        assertEquals(18, stores.store.customers().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"derby", "postgresql"})
    void aFailedChunkStopsTheImportAndNothingAfterItIsStored(String kind) throws Exception {
        open(kind);
        failing = row -> row == 8;
        ImportJob job = imports.run(Caller.SYSTEM, csv(), new ImportOptions(false, ImportMode.CREATE, false, false));

        assertEquals(ImportState.FAILED, job.state());
        assertTrue(job.message().contains("tag deleted meanwhile"), job.message());
        assertEquals(6, job.created());
        assertEquals(List.of(2L, 5L), commitOrder);
        for (int row = 2; row <= 21; row++) {
            assertEquals(row < 8, stored(row), "row " + row);
        }
        assertEquals(6, stores.store.customers().count());
    }
}
