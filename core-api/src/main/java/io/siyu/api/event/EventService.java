package io.siyu.api.event;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import java.util.List;

/** Records customer events and reads timelines. */
public interface EventService {
    /** Largest batch {@link #ingest} takes, matching {@code POST /siyu/api/v1/events}. */
    int MAX_BATCH = 10_000;

    /**
     * Stores a batch in one transaction: durable when this returns. Events whose id is already
     * stored count as duplicates, so producers may retry a whole batch safely.
     *
     * @return the counts, or every error with nothing stored
     * @throws io.siyu.api.ValidationException if the batch is empty or larger than {@link #MAX_BATCH}
     */
    IngestResult ingest(Caller caller, List<EventDraft> events);

    /**
     * A customer's timeline, newest first, including events of profiles merged into it.
     *
     * @throws io.siyu.api.NotFoundException if there is no such customer in the caller's scope
     */
    Page<CustomerEvent> timeline(Caller caller, long customerId, PageRequest page);
}
