package io.siyu.core.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.SiyuException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.org.Caller;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = CustomerService.class)
public final class CustomerServiceImpl implements CustomerService {
    private final Store store;
    private final AttributeSchemaService attributes;
    private final Clock clock;

    @Activate
    public CustomerServiceImpl(@Reference Store store, @Reference AttributeSchemaService attributes) {
        this(store, attributes, Clock.systemUTC());
    }

    CustomerServiceImpl(Store store, AttributeSchemaService attributes, Clock clock) {
        this.store = store;
        this.attributes = attributes;
        this.clock = clock;
    }

    /** Millisecond precision: what every supported database stores, so reads equal writes. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Every customer write is validated against the schema as it is at that moment. */
    private Map<String, AttributeDefinition> schema() {
        return attributes.list().stream().collect(Collectors.toMap(AttributeDefinition::name, d -> d));
    }

    @Override
    public Customer create(Caller caller, CustomerDraft draft) {
        Scopes.requireAll(caller);
        return visible(caller, store.customers().insert(CustomerValidator.validate(draft, schema(), Map.of()), now(),
                TagAccess.actor(caller)));
    }

    @Override
    public Customer get(Caller caller, long id) {
        Scopes.requireAll(caller);
        // An id merged away is an alias: reading it gives the live profile (whose id differs).
        return visible(caller, store.customers().find(id)
                .or(() -> store.identities().resolve(id).flatMap(live -> store.customers().find(live)))
                .orElseThrow(() -> new NotFoundException("customer", id)));
    }

    @Override
    public java.util.Optional<Customer> findByIdentity(Caller caller, io.siyu.api.customer.ChannelIdentity identity) {
        Scopes.requireAll(caller);
        java.util.List<io.siyu.api.FieldError> errors = new java.util.ArrayList<>();
        io.siyu.api.customer.ChannelIdentity normal = identity == null ? null
                : IdentityNormalizer.normalize(identity, "identity", errors);
        if (identity == null || !errors.isEmpty()) {
            throw new io.siyu.api.ValidationException(errors.isEmpty()
                    ? java.util.List.of(io.siyu.api.FieldError.of("identity", "is required")) : errors);
        }
        return store.customers().findIdByIdentity(normal).flatMap(id -> store.customers().find(id))
                .map(c -> visible(caller, c));
    }

    @Override
    public Page<Customer> search(Caller caller, CustomerQuery query) {
        Scopes.requireAll(caller);
        Set<Long> hidden = hiddenTags(caller);
        if (query.tagId() != null && hidden.contains(query.tagId())) {
            return new Page<>(List.of(), 0, query.page().offset(), query.page().limit());
        }
        Page<Customer> page = store.customers().search(query);
        return hidden.isEmpty() ? page : new Page<>(page.items().stream().map(c -> withoutTags(c, hidden)).toList(),
                page.total(), page.offset(), page.limit());
    }

    /** Other staff's personal tags are theirs alone: the caller does not see them on customers. */
    private Customer visible(Caller caller, Customer c) {
        Set<Long> hidden = hiddenTags(caller);
        return hidden.isEmpty() ? c : withoutTags(c, hidden);
    }

    private Set<Long> hiddenTags(Caller caller) {
        return TagAccess.seesAll(caller) ? Set.of() : TagAccess.hidden(caller, store.tags().definitions());
    }

    private static Customer withoutTags(Customer c, Set<Long> hidden) {
        return new Customer(c.id(), c.displayName(), c.identities(),
                c.tags().stream().filter(t -> !hidden.contains(t.id())).toList(), c.attributes(), c.createdAt(),
                c.updatedAt(), c.version());
    }

    @Override
    public Customer update(Caller caller, long id, CustomerDraft draft, Long expectedVersion) {
        Scopes.requireAll(caller);
        Customer current = store.customers().find(id).orElseThrow(() -> missing(id));
        return visible(caller, store.customers().update(id, CustomerValidator.validate(draft, schema(), current.attributes()),
                        expectedVersion, now(), TagAccess.actor(caller))
                .orElseThrow(() -> missing(id)));
    }

    @Override
    public void delete(Caller caller, long id) {
        Scopes.requireAll(caller);
        if (!store.customers().delete(id, now())) {
            throw missing(id);
        }
    }

    /** Changing a merged-away id would be ambiguous, so it is refused with a pointer to the live profile. */
    private SiyuException missing(long id) {
        return store.identities().resolve(id)
                .<SiyuException>map(live -> new ConflictException("customer " + id + " was merged into customer " + live
                        + "; change customer " + live + " instead"))
                .orElseGet(() -> new NotFoundException("customer", id));
    }

    @Override
    public long count(Caller caller) {
        Scopes.requireAll(caller);
        return store.customers().count();
    }
}
