package io.siyu.core.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.ConflictException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.Tag;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.store.NewEvent;
import io.siyu.store.Store;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Names profiles after the person: a contact added on WeCom ({@code name}) or an official-account
 * follower ({@code nickname}) whose profile still has the placeholder name made from its identity
 * ("wecom wm…") takes the name the provider gave. A name someone set is never replaced.
 */
@Component(service = EventReaction.class)
public final class ContactNames implements EventReaction {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final CustomerService customers;

    @Activate
    public ContactNames(@Reference Store store, @Reference CustomerService customers) {
        this.store = store;
        this.customers = customers;
    }

    @Override
    public void eventsStored(List<NewEvent> events) {
        for (NewEvent e : events) {
            if (e.identity() == null
                    || !(EventTypes.CONTACT_ADDED.equals(e.type()) || EventTypes.FOLLOW.equals(e.type()))) {
                continue;
            }
            String name = name(e);
            if (name == null) {
                continue;
            }
            Optional<Long> id = store.customers().findIdByIdentity(e.identity());
            if (id.isPresent()) {
                rename(id.get(), e.identity(), name);
            }
        }
    }

    private void rename(long id, ChannelIdentity identity, String name) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Customer c = customers.get(Caller.SYSTEM, id);
            if (!c.displayName().equals(placeholder(identity)) || c.displayName().equals(name)) {
                return;
            }
            Set<Long> tags = new LinkedHashSet<>();
            for (Tag t : c.tags()) {
                tags.add(t.id());
            }
            try {
                customers.update(Caller.SYSTEM, id, new CustomerDraft(name, c.identities(), tags, c.attributes()),
                        c.version());
                return;
            } catch (ConflictException concurrentUpdate) {
                // read again
            }
        }
    }

    /** The name the store gives a profile known by one identity (JdbcEventRepository.displayName). */
    static String placeholder(ChannelIdentity identity) {
        return identity.type().code() + " " + identity.value();
    }

    private static String name(NewEvent e) {
        try {
            Map<String, Object> p = JSON.readValue(e.propertiesJson(), new TypeReference<Map<String, Object>>() { });
            for (String key : List.of("name", "nickname")) {
                Object v = p.get(key);
                if (v != null && !v.toString().isBlank()) {
                    String s = v.toString().strip();
                    return s.length() > 200 ? s.substring(0, 200) : s;
                }
            }
        } catch (IOException broken) {
            // properties are always JSON objects; nothing to name then
        }
        return null;
    }
}
