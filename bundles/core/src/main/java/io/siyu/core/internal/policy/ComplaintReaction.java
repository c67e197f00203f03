package io.siyu.core.internal.policy;

import io.siyu.api.event.EventTypes;
import io.siyu.core.internal.EventReaction;
import io.siyu.store.NewEvent;
import io.siyu.store.Store;
import java.time.Duration;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A {@code complaint} event puts the customer in do-not-disturb for the policy's complaint days,
 * counted from when they complained. Repeats of the same event change nothing.
 */
@Component(service = EventReaction.class)
public final class ComplaintReaction implements EventReaction {
    private final Store store;
    private final TouchPolicyImpl policy;

    @Activate
    public ComplaintReaction(@Reference Store store, @Reference TouchPolicyImpl policy) {
        this.store = store;
        this.policy = policy;
    }

    @Override
    public void eventsStored(java.util.List<NewEvent> events) {
        for (NewEvent e : events) {
            if (!EventTypes.COMPLAINT.equals(e.type())) {
                continue;
            }
            Optional<Long> customer = e.customerId() != null ? store.identities().resolve(e.customerId())
                    : e.identity() == null ? Optional.empty() : store.customers().findIdByIdentity(e.identity());
            int days = policy.settings().complaintQuietDays();
            if (customer.isPresent() && days > 0) {
                store.touches().complained(customer.get(), e.occurredAt(), e.occurredAt().plus(Duration.ofDays(days)),
                        "event:" + e.id());
            }
        }
    }
}
