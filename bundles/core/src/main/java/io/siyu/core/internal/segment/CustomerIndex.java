package io.siyu.core.internal.segment;

import io.siyu.api.event.EventTypes;
import io.siyu.store.CustomerFacts;
import io.siyu.store.EventFact;
import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * The in-memory view of every customer that segment conditions read: who exists, who carries
 * which tag, attribute values and event times. Not thread-safe: the maintainer guards it.
 */
final class CustomerIndex {
    final RoaringBitmap all = new RoaringBitmap();
    final Map<Long, RoaringBitmap> tags = new HashMap<>();
    final Map<String, AttributeColumn> attributes = new HashMap<>();
    final Map<String, EventColumn> events = new HashMap<>();
    /**
     * Customers not (yet) in the index whose events were seen and set aside: when such a customer
     * is loaded, its events must be read back. Any other new customer has no event before it.
     */
    final RoaringBitmap eventsAwaitingCustomer = new RoaringBitmap();

    /** Bitmaps hold 32-bit ints; customer ids come from a sequence and stay far below this. */
    static int slot(long customerId) {
        if (customerId < 0 || customerId > Integer.MAX_VALUE) {
            throw new IllegalStateException("customer id " + customerId + " is beyond what the segment index holds (2^31-1)");
        }
        return (int) customerId;
    }

    void putCustomer(CustomerFacts f) {
        int c = slot(f.id());
        all.add(c);
        for (long tag : f.tagIds()) {
            tags.computeIfAbsent(tag, k -> new RoaringBitmap()).add(c);
        }
        f.attributes().forEach((name, value) -> attributes.computeIfAbsent(name, k -> new AttributeColumn()).add(c, value));
    }

    /** Puts a full build's tag bitmaps in, for the customers the index holds; it must hold no tags yet. */
    void putTags(Map<Long, RoaringBitmap> tagged) {
        tagged.forEach((tag, holders) -> {
            holders.and(all);
            if (!holders.isEmpty()) {
                tags.put(tag, holders);
            }
        });
    }

    void addEvent(EventFact e) {
        events.computeIfAbsent(e.type(), t -> new EventColumn(withAmounts(t)))
                .add(slot(e.customerId()), EventColumn.seconds(e.occurredAtMillis()), e.amount());
    }

    /** The events of a full build, collected by type; {@link #putEvents} makes them columns. */
    static final class EventLoad {
        private final Map<String, EventColumn.Bulk> byType = new HashMap<>();

        void add(EventFact e) {
            byType.computeIfAbsent(e.type(), t -> new EventColumn.Bulk(withAmounts(t)))
                    .add(slot(e.customerId()), EventColumn.seconds(e.occurredAtMillis()), e.amount());
        }
    }

    /** Puts a full build's events in; the index must hold no events yet. */
    void putEvents(EventLoad load) {
        // each type's flat arrays go as soon as its column is built: a lower peak on a small heap
        for (var it = load.byType.entrySet().iterator(); it.hasNext();) {
            var type = it.next();
            it.remove();
            events.put(type.getKey(), type.getValue().build());
        }
    }

    private static boolean withAmounts(String type) {
        return EventTypes.ORDER.equals(type) || EventTypes.REFUND.equals(type);
    }

    /** Takes the customers out completely; they are put back from fresh facts if they still exist. */
    void removeCustomers(RoaringBitmap customers) {
        all.andNot(customers);
        tags.values().removeIf(b -> {
            b.andNot(customers);
            return b.isEmpty();
        });
        attributes.values().removeIf(col -> {
            col.removeAll(customers);
            return col.isEmpty();
        });
        events.values().forEach(col -> col.removeAll(customers));
    }

    EventColumn events(String type) {
        return events.get(type);
    }

    /** Estimated heap held, for the status line and the memory benchmark. */
    long sizeInBytes() {
        long n = all.getLongSizeInBytes() + eventsAwaitingCustomer.getLongSizeInBytes();
        for (RoaringBitmap b : tags.values()) {
            n += b.getLongSizeInBytes() + 48;
        }
        for (AttributeColumn col : attributes.values()) {
            n += col.sizeInBytes();
        }
        for (EventColumn col : events.values()) {
            n += col.sizeInBytes();
        }
        return n;
    }

    void runOptimize() {
        all.runOptimize();
        tags.values().forEach(RoaringBitmap::runOptimize);
    }
}
