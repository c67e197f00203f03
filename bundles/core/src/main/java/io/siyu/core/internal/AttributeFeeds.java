package io.siyu.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.Tag;
import io.siyu.api.org.Caller;
import io.siyu.store.NewEvent;
import io.siyu.store.Store;
import io.siyu.store.StoredEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps the attributes editions feed from events ({@link AttributeFeed}) equal to the property of
 * the customer's newest such event. It reads the newest event rather than the one just stored, so
 * events arriving out of order, repeats and retries all end at the same value.
 */
@Component(service = EventReaction.class)
public final class AttributeFeeds implements EventReaction {
    private static final Logger LOG = Logger.getLogger(AttributeFeeds.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Store store;
    private final CustomerService customers;
    private final EditionAttributes editions;

    @Activate
    public AttributeFeeds(@Reference Store store, @Reference CustomerService customers, @Reference EditionAttributes editions) {
        this.store = store;
        this.customers = customers;
        this.editions = editions;
    }

    @Override
    public void eventsStored(List<NewEvent> events) {
        List<AttributeFeed> feeds = editions.feeds();
        if (feeds.isEmpty()) {
            return;
        }
        for (NewEvent e : events) {
            for (AttributeFeed feed : feeds) {
                if (feed.eventType().equals(e.type())) {
                    customerOf(e).ifPresent(id -> refresh(id, feed));
                }
            }
        }
    }

    private Optional<Long> customerOf(NewEvent e) {
        return e.customerId() != null ? store.identities().resolve(e.customerId())
                : e.identity() == null ? Optional.empty() : store.customers().findIdByIdentity(e.identity());
    }

    void refresh(long customerId, AttributeFeed feed) {
        Optional<StoredEvent> newest = store.events().latest(customerId, feed.eventType());
        if (newest.isEmpty()) {
            return;
        }
        Object value = property(newest.get(), feed.property());
        if (value == null) {
            return; // the newest event does not state the value: nothing to mirror
        }
        try {
            Customer c = customers.get(Caller.SYSTEM, customerId);
            if (Objects.equals(String.valueOf(c.attributes().get(feed.attribute())), String.valueOf(value))) {
                return;
            }
            Map<String, Object> attributes = new LinkedHashMap<>(c.attributes());
            attributes.put(feed.attribute(), value);
            customers.update(Caller.SYSTEM, customerId, new CustomerDraft(c.displayName(), c.identities(),
                    c.tags().stream().map(Tag::id).collect(Collectors.toSet()), attributes), null);
        } catch (ValidationException bad) {
            // the producer sent a value the attribute's type refuses: the attribute keeps its value
            LOG.warning(() -> "event " + newest.get().id() + " gives " + feed.attribute() + " a value it does not take: "
                    + bad.getMessage());
        } catch (NotFoundException gone) {
            // deleted meanwhile
        }
    }

    private static Object property(StoredEvent e, String name) {
        try {
            return JSON.readValue(e.propertiesJson(), Map.class).get(name);
        } catch (JsonProcessingException broken) {
            return null;
        }
    }
}
