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
    default IngestResult ingest(List<NewEvent> events, Instant receivedAt) {
        return ingest(events, receivedAt, "system");
    }

    /**
     * As {@link #ingest(List, Instant)}; events naming several identities merge the profiles that
     * hold them in the same transaction, recorded as done {@code by} the named caller. A customer id
     * that is an alias of a merged profile stores the event on the live profile.
     */
    IngestResult ingest(List<NewEvent> events, Instant receivedAt, String by);

    /** Newest first. */
    Page<StoredEvent> timeline(long customerId, PageRequest page);

    /** The customer's newest event of the type (by occurrence, then arrival), if any. */
    java.util.Optional<StoredEvent> latest(long customerId, String type);

    /** Whether an event with this id is stored (on any customer). */
    boolean exists(String eventId);

    long count();
}
