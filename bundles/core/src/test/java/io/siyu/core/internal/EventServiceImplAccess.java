package io.siyu.core.internal;

import io.siyu.api.event.EventDraft;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.store.Store;
import java.time.Clock;
import java.util.List;

/** Lets tests in other packages ingest events through the real service, with their reactions. */
public final class EventServiceImplAccess {
    private EventServiceImplAccess() {
    }

    public static IngestResult ingest(Store store, Clock clock, EventReaction reaction, EventDraft... events) {
        EventServiceImpl service = new EventServiceImpl(store, clock);
        service.addReaction(reaction);
        IngestResult r = service.ingest(Caller.SYSTEM, List.of(events));
        if (!r.ok()) {
            throw new AssertionError("events rejected: " + r.errors());
        }
        return r;
    }
}
