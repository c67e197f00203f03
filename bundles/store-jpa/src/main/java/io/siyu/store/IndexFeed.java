package io.siyu.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything an in-memory index of customers needs: full scans to build it and the change logs
 * (customer_change and the event table's seq) to keep it current. Sequence numbers may commit
 * out of order; readers ask for explicit ranges so they can come back for gaps.
 */
public interface IndexFeed {
    /** A closed range of sequence numbers. */
    record Range(long from, long to) {
    }

    /** Highest customer_change seq, 0 if none. */
    long changeHead();

    /** Highest customer_event seq, 0 if none. */
    long eventHead();

    /**
     * A row of customer_change; {@code born} when the customer was created by that transaction, so
     * no event of theirs lies before it in the event log.
     */
    record Change(long seq, long customerId, boolean born) {
    }

    /** Change rows whose seq lies in one of the ranges, by seq, at most {@code limit}. */
    List<Change> changes(List<Range> ranges, int limit);

    /** Events whose seq lies in one of the ranges, by seq, at most {@code limit}. */
    List<EventFact> events(List<Range> ranges, int limit);

    /**
     * Every customer, by id, with attributes and reach but no tags: {@link #scanTags} reads those
     * (see {@link #tagsReadApart}).
     */
    void scanCustomers(Consumer<CustomerFacts> sink);

    /** A customer's tags, as {@link #scanTags} meets them. */
    interface TagSink {
        void accept(long customerId, long[] tagIds);
    }

    /** Every customer's tags, by ascending customer id; customers without tags are left out. */
    void scanTags(TagSink sink);

    /**
     * True where reading the tags beside the customers on a third connection is faster: Derby,
     * with a row per link (20 M for a million customers). PostgreSQL keeps them on the customer
     * row, and a third reader there only takes CPU from the other two.
     */
    boolean tagsReadApart();

    /** Every event with seq ≤ {@code upTo}, in no particular order (a scan of the table is cheaper than one by seq). */
    void scanEvents(long upTo, Consumer<EventFact> sink);

    /** The current facts of these customers; missing ones no longer exist. */
    Map<Long, CustomerFacts> customers(Collection<Long> ids);

    /** Every event of these customers (any seq). */
    List<EventFact> eventsOf(Collection<Long> customerIds);

    /** Forgets change rows older than every reader can still need. */
    int pruneChanges(java.time.Instant olderThan);
}
