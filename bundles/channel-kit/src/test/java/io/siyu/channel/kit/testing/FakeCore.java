package io.siyu.channel.kit.testing;

import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.policy.SubscriptionGrants;
import io.siyu.channel.kit.core.CoreServices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * In-memory, recording stand-ins for the core services the adapters use ({@link CoreServices}), with
 * the behaviour they rely on: events are idempotent by id and resolve identities to customers
 * (creating them), consent is kept per customer (the latest statement per channel counts), customers
 * are found by an identity or an identity value. Each can be switched off ({@code null}, "not running
 * now"). In the kit's test-jar for the adapters' tests.
 */
public final class FakeCore implements CoreServices {
    public final Events events = new Events();
    public final Consents consents = new Consents();
    public final Customers customers = new Customers();
    public final Reports reports = new Reports();
    public final Grants grants = new Grants();
    public volatile boolean eventsUp = true;
    public volatile boolean consentsUp = true;
    public volatile boolean customersUp = true;
    public volatile boolean reportsUp = true;

    /** customer id → its identities; guarded by this. */
    private final Map<Long, Set<ChannelIdentity>> profiles = new LinkedHashMap<>();
    /** customer id → display name and attributes, where a test set them; guarded by this. */
    private final Map<Long, String> names = new LinkedHashMap<>();
    private final Map<Long, Map<String, Object>> attributes = new LinkedHashMap<>();
    private long nextId = 1;

    /** A known customer with this identity, name and attributes; returns its id. */
    public synchronized long customer(ChannelIdentity identity, String name, Map<String, Object> attrs) {
        long id = nextId++;
        profiles.put(id, new LinkedHashSet<>(List.of(identity)));
        names.put(id, name);
        attributes.put(id, Map.copyOf(attrs));
        return id;
    }

    @Override
    public EventService events() {
        return eventsUp ? events : null;
    }

    @Override
    public ConsentService consents() {
        return consentsUp ? consents : null;
    }

    @Override
    public CustomerService customers() {
        return customersUp ? customers : null;
    }

    @Override
    public DeliveryReports deliveryReports() {
        return reportsUp ? reports : null;
    }

    @Override
    public SubscriptionGrants subscriptionGrants() {
        return grants;
    }

    public synchronized Long customerOf(ChannelIdentity identity) {
        for (Map.Entry<Long, Set<ChannelIdentity>> p : profiles.entrySet()) {
            if (p.getValue().contains(identity)) {
                return p.getKey();
            }
        }
        return null;
    }

    public synchronized Set<ChannelIdentity> identitiesOf(long customerId) {
        return Set.copyOf(profiles.getOrDefault(customerId, Set.of()));
    }

    private synchronized long resolve(EventDraft draft) {
        List<ChannelIdentity> all = new ArrayList<>();
        if (draft.identity() != null) {
            all.add(draft.identity());
        }
        all.addAll(draft.identities());
        Long id = null;
        for (ChannelIdentity i : all) {
            id = id != null ? id : customerOf(i);
        }
        if (id == null) {
            id = nextId++;
            profiles.put(id, new LinkedHashSet<>());
        }
        profiles.get(id).addAll(all);
        return id;
    }

    public final class Events implements EventService {
        /** Every draft handed in, duplicates included. */
        public final List<EventDraft> attempts = new ArrayList<>();
        public final Map<String, EventDraft> stored = new LinkedHashMap<>();

        @Override
        public synchronized IngestResult ingest(Caller caller, List<EventDraft> drafts) {
            int accepted = 0;
            int duplicates = 0;
            for (EventDraft d : drafts) {
                attempts.add(d);
                if (stored.containsKey(d.id())) {
                    duplicates++;
                } else {
                    stored.put(d.id(), d);
                    resolve(d);
                    accepted++;
                }
            }
            return new IngestResult(accepted, duplicates, 0, List.of());
        }

        @Override
        public Page<CustomerEvent> timeline(Caller caller, long customerId, PageRequest page) {
            throw new UnsupportedOperationException();
        }

        public synchronized List<EventDraft> ofType(String type) {
            return stored.values().stream().filter(d -> d.type().equals(type)).toList();
        }
    }

    public final class Consents implements ConsentService {
        public final List<Consent> recorded = new ArrayList<>();

        @Override
        public synchronized Consent record(Caller caller, Consent consent) {
            recorded.add(consent);
            return consent;
        }

        @Override
        public synchronized List<Consent> consents(Caller caller, long customerId) {
            Map<String, Consent> latest = new LinkedHashMap<>();
            for (Consent c : recorded) {
                Consent seen = latest.get(c.channelType());
                if (c.customerId() == customerId && (seen == null || !c.changedAt().isBefore(seen.changedAt()))) {
                    latest.put(c.channelType(), c);
                }
            }
            return List.copyOf(latest.values());
        }
    }

    /** Grants as the core counts them: one per new source, one used per send, all gone on revoke. */
    public static final class Grants implements SubscriptionGrants {
        /** customer/scope/template → open grants */
        private final Map<String, Integer> open = new LinkedHashMap<>();
        private final Set<String> sources = new LinkedHashSet<>();

        private static String key(long customerId, String scope, String templateId) {
            return customerId + "/" + scope + "/" + templateId;
        }

        @Override
        public synchronized boolean grant(long customerId, String scope, String templateId, String sourceId,
                Instant at) {
            if (!sources.add(scope + "/" + templateId + "/" + sourceId)) {
                return false;
            }
            open.merge(key(customerId, scope, templateId), 1, Integer::sum);
            return true;
        }

        @Override
        public synchronized int available(long customerId, String scope, String templateId) {
            return open.getOrDefault(key(customerId, scope, templateId), 0);
        }

        @Override
        public synchronized boolean consume(long customerId, String scope, String templateId, String usedBy,
                Instant at) {
            int left = available(customerId, scope, templateId);
            if (left == 0) {
                return false;
            }
            open.put(key(customerId, scope, templateId), left - 1);
            return true;
        }

        @Override
        public synchronized int revokeAll(long customerId, String scope, String templateId, String why, Instant at) {
            Integer left = open.remove(key(customerId, scope, templateId));
            return left == null ? 0 : left;
        }
    }

    public final class Customers implements CustomerService {
        @Override
        public Page<Customer> search(Caller caller, CustomerQuery query) {
            List<Customer> found = new ArrayList<>();
            synchronized (FakeCore.this) {
                profiles.forEach((id, identities) -> {
                    if (identities.stream().anyMatch(i -> query.text() == null || i.value().contains(query.text()))) {
                        found.add(customer(id, identities));
                    }
                });
            }
            return new Page<>(found, found.size(), 0, query.page().limit());
        }

        private Customer customer(long id, Collection<ChannelIdentity> identities) {
            Instant t = Instant.EPOCH;
            return new Customer(id, names.getOrDefault(id, "customer " + id), List.copyOf(identities), List.of(),
                    attributes.getOrDefault(id, Map.of()), t, t, 1);
        }

        @Override
        public java.util.Optional<Customer> findByIdentity(Caller caller, ChannelIdentity identity) {
            synchronized (FakeCore.this) {
                return profiles.entrySet().stream().filter(e -> e.getValue().contains(identity))
                        .map(e -> customer(e.getKey(), e.getValue())).findFirst();
            }
        }

        @Override
        public Customer create(Caller caller, CustomerDraft draft) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Customer get(Caller caller, long id) {
            throw new NotFoundException("customer", id);
        }

        @Override
        public Customer update(Caller caller, long id, CustomerDraft draft, Long expectedVersion) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(Caller caller, long id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long count(Caller caller) {
            synchronized (FakeCore.this) {
                return profiles.size();
            }
        }
    }

    public static final class Reports implements DeliveryReports {
        public final List<DeliveryStatus> reported = new ArrayList<>();

        @Override
        public synchronized void report(DeliveryStatus status) {
            reported.add(status);
        }

        public synchronized List<DeliveryStatus> all() {
            return List.copyOf(reported);
        }
    }
}
