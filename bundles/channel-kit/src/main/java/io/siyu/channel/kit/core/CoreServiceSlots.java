package io.siyu.channel.kit.core;

import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.policy.SubscriptionGrants;
import io.siyu.channel.kit.osgi.ServiceSlot;

/**
 * The {@link CoreServices} of an adapter's DS component: one {@link ServiceSlot} per dynamic optional
 * reference. Composed, not inherited, since DS annotations are not: the component keeps its
 * annotated bind and unbind methods and has them fill these slots, and hands this object to its
 * adapter. A slot the component has no reference for stays empty (null).
 */
public final class CoreServiceSlots implements CoreServices {
    public final ServiceSlot<EventService> eventSlot = new ServiceSlot<>();
    public final ServiceSlot<ConsentService> consentSlot = new ServiceSlot<>();
    public final ServiceSlot<CustomerService> customerSlot = new ServiceSlot<>();
    public final ServiceSlot<DeliveryReports> reportSlot = new ServiceSlot<>();
    public final ServiceSlot<SubscriptionGrants> grantSlot = new ServiceSlot<>();

    @Override
    public EventService events() {
        return eventSlot.get();
    }

    @Override
    public ConsentService consents() {
        return consentSlot.get();
    }

    @Override
    public CustomerService customers() {
        return customerSlot.get();
    }

    @Override
    public DeliveryReports deliveryReports() {
        return reportSlot.get();
    }

    @Override
    public SubscriptionGrants subscriptionGrants() {
        return grantSlot.get();
    }
}
