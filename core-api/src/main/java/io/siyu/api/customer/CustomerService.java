package io.siyu.api.customer;

import io.siyu.api.Page;
import io.siyu.api.org.Caller;

/**
 * Customer profiles. Every call names its {@link Caller}; the service applies the caller's data
 * scope, so a customer outside it behaves as if it did not exist.
 */
public interface CustomerService {
    /**
     * Creates a customer.
     *
     * @throws io.siyu.api.ValidationException naming every bad field; nothing is stored
     * @throws io.siyu.api.ConflictException if an identity already belongs to another customer
     */
    Customer create(Caller caller, CustomerDraft draft);

    /** @throws io.siyu.api.NotFoundException if there is no such customer in the caller's scope */
    Customer get(Caller caller, long id);

    /**
     * The customer holding this identity (normalised as on ingest), if any in the caller's scope.
     * Channel adapters use it to find whom a callback is about.
     *
     * @since 1.3
     */
    java.util.Optional<Customer> findByIdentity(Caller caller, ChannelIdentity identity);

    Page<Customer> search(Caller caller, CustomerQuery query);

    /**
     * Replaces the customer's editable content.
     *
     * @param expectedVersion the version the caller read, or null to overwrite whatever is there
     * @throws io.siyu.api.ConflictException if the stored version differs from {@code expectedVersion}
     */
    Customer update(Caller caller, long id, CustomerDraft draft, Long expectedVersion);

    /** @throws io.siyu.api.NotFoundException if there is no such customer in the caller's scope */
    void delete(Caller caller, long id);

    /** Number of customers in the caller's scope. */
    long count(Caller caller);
}
