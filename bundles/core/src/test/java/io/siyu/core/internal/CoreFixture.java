package io.siyu.core.internal;

import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.TagService;
import io.siyu.api.event.EventService;
import io.siyu.core.internal.segment.SegmentServiceImpl;
import io.siyu.core.internal.segment.SegmentTicks;

/**
 * The real customer, tag, event and segment services over one test store and clock, for tests of
 * services in other packages (SOPs, tasks) that need them. The segment service runs without its
 * background thread: {@link #announceSegments()} does one round.
 */
public final class CoreFixture {
    public final TestStores stores;
    public final MutableClock clock;
    public final AttributeSchemaService schema;
    public final CustomerService customers;
    public final TagService tags;
    public final EventService events;
    public final SegmentServiceImpl segments;
    private final EventServiceImpl eventService;

    public CoreFixture(TestStores stores, MutableClock clock) {
        this(stores, clock, java.util.List::of);
    }

    /** With the attributes of editions, e.g. an edition tracker's. */
    public CoreFixture(TestStores stores, MutableClock clock, EditionAttributes editions) {
        this.stores = stores;
        this.clock = clock;
        AutoTagger autoTagger = new AutoTagger(stores.store, clock, Runnable::run);
        this.schema = new AttributeSchemaServiceImpl(stores.store, editions, clock);
        this.customers = new CustomerServiceImpl(stores.store, schema, clock);
        this.tags = new TagServiceImpl(stores.store, clock, autoTagger);
        this.eventService = new EventServiceImpl(stores.store, clock, autoTagger);
        this.events = eventService;
        this.segments = new SegmentServiceImpl(stores.store, schema, clock, false);
    }

    public void addReaction(EventReaction reaction) {
        eventService.addReaction(reaction);
    }

    /** One round of the segment service's background work: catch up and announce who entered or left. */
    public void announceSegments() {
        SegmentTicks.tick(segments);
    }
}
