package io.siyu.store;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.event.IngestResult;
import java.time.Instant;
import java.util.List;

/** The timeline. Batches are written with plain JDBC in one transaction. */
public interface EventRepository {
    /**
     * Stores the batch atomically: events whose id is already stored (or repeated in the batch)
     * count as duplicates; an identity nobody has yet creates a customer named by it. A customer
     * id that does not exist rejects the whole batch with an error naming the item.
     */
    IngestResult ingest(List<NewEvent> events, Instant receivedAt);

    /** Newest first. */
    Page<StoredEvent> timeline(long customerId, PageRequest page);

    long count();
}
