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
import io.siyu.api.ForbiddenException;
import io.siyu.api.org.Caller;
import io.siyu.api.org.Permission;
import io.siyu.core.internal.audit.AuditTrail;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.org.Reach;
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
    static final String OWNER_STAFF = "ownerStaff";
    private final Store store;
    private final AttributeSchemaService attributes;
    private final Clock clock;
    private final Authority authority;
    private final AuditTrail audit;

    @Activate
    public CustomerServiceImpl(@Reference Store store, @Reference AttributeSchemaService attributes,
            @Reference Authority authority, @Reference AuditTrail audit) {
        this(store, attributes, Clock.systemUTC(), authority, audit);
    }

    /** Without editions (core roles only) and without an audit log: reads are not recorded. */
    CustomerServiceImpl(Store store, AttributeSchemaService attributes, Clock clock) {
        this(store, attributes, clock, Authority.of(store, List::of), AuditTrail.NONE);
    }

    /**
     * Without an audit log. A factory, not a constructor: Declarative Services tells constructors
     * apart by their number of arguments, and the activation constructor has four too.
     */
    public static CustomerServiceImpl unaudited(Store store, AttributeSchemaService attributes, Clock clock,
            Authority authority) {
        return new CustomerServiceImpl(store, attributes, clock, authority, AuditTrail.NONE);
    }

    public CustomerServiceImpl(Store store, AttributeSchemaService attributes, Clock clock, Authority authority,
            AuditTrail audit) {
        this.store = store;
        this.attributes = attributes;
        this.clock = clock;
        this.authority = authority;
        this.audit = audit;
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
        authority.require(caller, Permission.CUSTOMER_WRITE);
        return visible(caller, store.customers().insert(owned(caller, CustomerValidator.validate(draft, schema(), Map.of())),
                now(), TagAccess.actor(caller)));
    }

    /**
     * A customer created below head office belongs to its creator unless it names an owner in the
     * creator's reach, so nobody creates customers they cannot see or plants them on others.
     */
    private CustomerDraft owned(Caller caller, CustomerDraft draft) {
        Reach reach = authority.reach(caller);
        if (reach.all()) {
            return draft;
        }
        Object owner = draft.attributes().get(OWNER_STAFF);
        if (owner == null && caller.staffId() != null) {
            Map<String, Object> attributes = new java.util.LinkedHashMap<>(draft.attributes());
            attributes.put(OWNER_STAFF, caller.staffId());
            return new CustomerDraft(draft.displayName(), draft.identities(), draft.tagIds(), attributes);
        }
        if (owner == null || !reach.staffKeys().contains(owner.toString())) {
            throw new ForbiddenException("'" + caller.username() + "' may only give customers to staff within their data scope"
                    + (owner == null ? "" : "; " + owner + " is not"));
        }
        return draft;
    }

    @Override
    public Customer get(Caller caller, long id) {
        authority.require(caller, Permission.CUSTOMER_READ);
        // An id merged away is an alias: reading it gives the live profile (whose id differs).
        Customer c = store.customers().find(id)
                .or(() -> store.identities().resolve(id).flatMap(live -> store.customers().find(live)))
                .orElseThrow(() -> new NotFoundException("customer", id));
        if (!sees(caller, c)) {
            throw new NotFoundException("customer", id);
        }
        if (!Caller.SYSTEM.equals(caller)) {
            // a person looked at a customer's data: compliance wants to know who, whom and when
            audit.append(caller.username(), List.of(new io.siyu.api.audit.AuditRecord(
                    io.siyu.api.audit.AuditActions.CUSTOMER_READ, "customer", Long.toString(c.id()), null)));
        }
        return visible(caller, c);
    }

    /** The record is at hand, so the scope check needs no query unless the customer is shared. */
    private boolean sees(Caller caller, Customer c) {
        Reach reach = authority.reach(caller);
        if (reach.all()) {
            return true;
        }
        Object owner = c.attributes().get(OWNER_STAFF);
        return owner != null && reach.staffKeys().contains(owner.toString())
                || store.org().followedBy(c.id(), reach.staffKeys());
    }

    @Override
    public java.util.Optional<Customer> findByIdentity(Caller caller, io.siyu.api.customer.ChannelIdentity identity) {
        authority.require(caller, Permission.CUSTOMER_READ);
        java.util.List<io.siyu.api.FieldError> errors = new java.util.ArrayList<>();
        io.siyu.api.customer.ChannelIdentity normal = identity == null ? null
                : IdentityNormalizer.normalize(identity, "identity", errors);
        if (identity == null || !errors.isEmpty()) {
            throw new io.siyu.api.ValidationException(errors.isEmpty()
                    ? java.util.List.of(io.siyu.api.FieldError.of("identity", "is required")) : errors);
        }
        return store.customers().findIdByIdentity(normal).flatMap(id -> store.customers().find(id))
                .filter(c -> sees(caller, c)).map(c -> visible(caller, c));
    }

    @Override
    public Page<Customer> search(Caller caller, CustomerQuery query) {
        authority.require(caller, Permission.CUSTOMER_READ);
        Set<Long> hidden = hiddenTags(caller);
        if (query.tagId() != null && hidden.contains(query.tagId())) {
            return new Page<>(List.of(), 0, query.page().offset(), query.page().limit());
        }
        Page<Customer> page = store.customers().search(query, authority.reach(caller).keysOrNull());
        boolean mask = !authority.allows(caller, Permission.CUSTOMER_UNMASK);
        return hidden.isEmpty() && !mask ? page : new Page<>(page.items().stream()
                .map(c -> mask ? Masking.mask(withoutTags(c, hidden)) : withoutTags(c, hidden)).toList(),
                page.total(), page.offset(), page.limit());
    }

    /** Other staff's personal tags are theirs alone: the caller does not see them on customers. */
    /** Without {@code customer.unmask}, phone numbers and ID-like values come masked. */
    private Customer visible(Caller caller, Customer c) {
        Set<Long> hidden = hiddenTags(caller);
        Customer shown = hidden.isEmpty() ? c : withoutTags(c, hidden);
        return authority.allows(caller, Permission.CUSTOMER_UNMASK) ? shown : Masking.mask(shown);
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
        authority.require(caller, Permission.CUSTOMER_WRITE);
        Customer current = store.customers().find(id).filter(c -> sees(caller, c)).orElseThrow(() -> missing(caller, id));
        if (!authority.allows(caller, Permission.CUSTOMER_UNMASK)) {
            draft = Masking.unmask(draft, current); // a masked value sent back unchanged keeps the real one
        }
        CustomerDraft valid = CustomerValidator.validate(draft, schema(), current.attributes());
        Object owner = valid.attributes().get(OWNER_STAFF);
        Object before = current.attributes().get(OWNER_STAFF);
        if (owner == null && before != null && !authority.reach(caller).all()) {
            // below head office a customer keeps its owner: dropping it would hide the customer from
            // the very people who follow it
            Map<String, Object> kept = new java.util.LinkedHashMap<>(valid.attributes());
            kept.put(OWNER_STAFF, before);
            valid = new CustomerDraft(valid.displayName(), valid.identities(), valid.tagIds(), kept);
        } else if (!java.util.Objects.equals(owner, before)) {
            owned(caller, valid); // a new owner must be within the caller's reach (a handover is the way beyond)
        }
        return visible(caller, store.customers().update(id, valid,
                        expectedVersion, now(), TagAccess.actor(caller))
                .orElseThrow(() -> missing(caller, id)));
    }

    @Override
    public void delete(Caller caller, long id) {
        authority.require(caller, Permission.CUSTOMER_WRITE);
        if (!store.customers().find(id).map(c -> sees(caller, c)).orElse(false) || !store.customers().delete(id, now())) {
            throw missing(caller, id);
        }
    }

    /** Changing a merged-away id would be ambiguous, so it is refused with a pointer to the live profile. */
    private SiyuException missing(Caller caller, long id) {
        return store.identities().resolve(id).filter(live -> authority.sees(caller, live))
                .<SiyuException>map(live -> new ConflictException("customer " + id + " was merged into customer " + live
                        + "; change customer " + live + " instead"))
                .orElseGet(() -> new NotFoundException("customer", id));
    }

    @Override
    public long count(Caller caller) {
        authority.require(caller, Permission.CUSTOMER_READ);
        Reach reach = authority.reach(caller);
        return reach.all() ? store.customers().count() : store.customers().count(reach.staffKeys());
    }
}
