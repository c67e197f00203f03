package io.siyu.core.internal;

import io.siyu.store.NewEvent;
import java.util.List;

/**
 * Something core does right after events are stored, on the ingesting thread (so a welcome message
 * is queued within the provider's seconds-long window). Also called for repeats of stored events,
 * so reactions must be idempotent. A failing reaction is logged; the events stay stored.
 */
public interface EventReaction {
    void eventsStored(List<NewEvent> events);
}
