package io.siyu.store;

import io.siyu.api.customer.CustomerDraft;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Bulk customer writes for CSV import: a chunk of validated rows in one transaction of JDBC batches.
 * A row is written whole (customer, identities, attributes, tags, change log) or, if it conflicts, not at all.
 */
public interface CustomerImports {
    /** A validated, normalised row; {@code row} is its number in the file, used in messages. */
    record Row(long row, CustomerDraft draft) {
        public Row {
            Objects.requireNonNull(draft, "draft");
        }
    }

    enum Outcome { CREATED, UPDATED, CONFLICT }

    /** What happened to one row; {@code customerId} is 0 for a conflict or a create not written (dry run). */
    record Result(long row, Outcome outcome, long customerId, String message) {
    }

    /**
     * Decides each row against the stored identities and, if {@code write}, stores the chunk in one
     * transaction. A row conflicts when (create mode) an identity belongs to a customer, (upsert)
     * its identities belong to two customers, or an earlier row of the chunk names the same identity
     * or updates the same customer. In upsert mode the row's display name and attributes are set and
     * its identities and tags added; nothing is removed.
     *
     * @return one result per row, in order
     * @throws io.siyu.api.ConflictException if a tag was deleted meanwhile (the chunk is not written)
     */
    List<Result> importChunk(List<Row> rows, boolean upsert, boolean write, Instant now);

    /**
     * Writes the chunk like {@code importChunk(rows, upsert, true, now)} but commits only once
     * {@code after} has completed with true (the chunk before it committed); when it completes
     * with false or fails, the chunk is rolled back and an empty list returned. Lets several chunks
     * be written at the same time ({@link #parallelWriters()}) yet committed in file order, with
     * nothing after a failed chunk stored. Chunks written at the same time must not name the same
     * identity. The store may roll back and write the chunk again while it waits (so that a lock it
     * holds cannot keep the chunk before it from committing).
     *
     * @throws io.siyu.api.ConflictException as {@link #importChunk(List, boolean, boolean, Instant)}
     */
    default List<Result> importChunk(List<Row> rows, boolean upsert, Instant now, Future<Boolean> after) {
        try {
            if (!after.get()) {
                return List.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException e) {
            return List.of();
        }
        return importChunk(rows, upsert, true, now);
    }

    /**
     * How many chunks are worth writing at the same time, on separate connections: 1 where
     * the database would only serialise them (embedded Derby), more for a database server.
     */
    default int parallelWriters() {
        return 1;
    }

    /** Rows per chunk (one transaction) that suit this store. */
    default int chunkRows() {
        return 1000;
    }
}
