package io.siyu.store;

import io.siyu.api.Page;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerQuery;
import java.time.Instant;
import java.util.Optional;

/** Customer profiles. Each method is one transaction. */
public interface CustomerRepository {
    /**
     * @throws io.siyu.api.ConflictException if an identity belongs to another customer
     * @throws io.siyu.api.ValidationException if a tag id does not exist
     */
    Customer insert(CustomerDraft draft, Instant now);

    Optional<Customer> find(long id);

    Page<Customer> search(CustomerQuery query);

    /**
     * Like {@link #search(CustomerQuery)} but only customers whose {@code ownerStaff} is one of the
     * staff keys or who are shared with one of them (0.6).
     */
    Page<Customer> search(CustomerQuery query, java.util.Set<String> staffKeys);

    /** Customers followed by any of the staff keys, as for a scoped search (0.6). */
    long count(java.util.Set<String> staffKeys);

    /**
     * Replaces the editable content; empty if there is no such customer.
     *
     * @throws io.siyu.api.ConflictException on a version mismatch or an identity owned by another customer
     */
    Optional<Customer> update(long id, CustomerDraft draft, Long expectedVersion, Instant now);

    /** @return false if there was no such customer */
    boolean delete(long id, Instant now);

    long count();

    /** The customer that holds this identity, if any. */
    Optional<Long> findIdByIdentity(ChannelIdentity identity);

    /**
     * Like {@link #insert(CustomerDraft, Instant)}, for {@code by}: the draft's tags must be ones
     * {@code by} may put on by hand (enterprise tags and their own personal tags).
     *
     * @throws io.siyu.api.ValidationException naming an unknown tag or an auto tag in {@code tagIds}
     */
    Customer insert(CustomerDraft draft, Instant now, String by);

    /**
     * Like {@link #update(long, CustomerDraft, Long, Instant)}, for {@code by}: the draft's tags
     * replace only the tags {@code by} may change by hand; auto tags and other staff's personal tags
     * the customer carries are kept. Tag changes go to the timeline naming {@code by}.
     *
     * @throws io.siyu.api.ValidationException naming an unknown tag or an auto tag the customer does not carry
     */
    Optional<Customer> update(long id, CustomerDraft draft, Long expectedVersion, Instant now, String by);
}
