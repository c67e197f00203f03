package io.siyu.store;

import io.siyu.api.channel.MessageKind;
import io.siyu.api.customer.IdentityType;
import java.time.Instant;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * What the touch policy reads, in bulk: who can be reached on a channel, who opted out or
 * complained, and how often each customer was touched. Every customer id handed out is the live
 * profile's (aliases of merged-away profiles are followed). {@code among}, when not null, limits
 * the answer to those live customers (a single check); null means every customer (a plan).
 */
public interface TouchRepository {
    /** Receives a customer id with a count, a text or an instant. */
    interface CustomerValue<T> {
        void accept(long customerId, T value);
    }

    /** Customers holding an identity of this type and namespace (their address on a channel account). */
    void reachable(IdentityType type, String namespace, long[] among, LongConsumer out);

    /** The identity values of {@code customers} on that scope, for addressing a send. */
    void addresses(IdentityType type, String namespace, long[] customers, CustomerValue<String> out);

    /** Customers whose current consent for the channel type is opted out. */
    void optedOut(String channelType, long[] among, LongConsumer out);

    /** Customers in do-not-disturb after a complaint, with the end of it, where that end is after {@code at}. */
    void doNotDisturb(Instant at, long[] among, CustomerValue<Instant> out);

    /** Records a complaint: do not disturb until {@code until}; a later complaint extends it. */
    void complained(long customerId, Instant at, Instant until, String source);

    /**
     * Touches per customer in [{@code from}, {@code to}) of those kinds, on one channel account, or
     * on every channel when {@code channelType} is null.
     */
    void touchCounts(String channelType, String channelAccount, Set<MessageKind> kinds, Instant from, Instant to,
            long[] among, CustomerValue<Integer> out);

    /** Customers touched by outbox messages whose key starts with {@code prefix} (a mass send's). */
    void touchedBy(String sourcePrefix, LongConsumer out);

    /** The text value of one attribute per customer (time zone, owner staff). */
    void attribute(String name, long[] among, CustomerValue<String> out);

    /** A moment a staff member posted; {@code source} makes a repeat harmless. */
    void recordMoment(String staffId, String channelType, String channelAccount, boolean persona, Instant at,
            String source);

    /** Moments the staff member posted in [{@code from}, {@code to}): [all, persona]. */
    int[] moments(String staffId, Instant from, Instant to);
}
