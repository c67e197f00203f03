package io.siyu.channel.kit.core;

import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.policy.SubscriptionGrants;

/**
 * The core services the adapters (Official Account, mini program, e-mail, SMS) use, when they are
 * there: each answer may be null (the service is not running now), so an adapter asks at each use
 * and answers "retry later" rather than failing. An adapter's DS component provides them (see
 * {@link CoreServiceSlots}).
 */
public interface CoreServices {
    /** Inbound messages, follows, unsubscribes, bounces… go on the customer's timeline. */
    EventService events();

    /** Consent statements (follow, opt-out, subscription grants) are recorded and read here. */
    ConsentService consents();

    /** Which customer an identity belongs to, since consent is kept per customer. */
    CustomerService customers();

    /** Delivery results reported by the provider after the send. */
    DeliveryReports deliveryReports();

    /** Mini-program one-time subscription grants; only the mini-program adapter uses them. */
    default SubscriptionGrants subscriptionGrants() {
        return null;
    }
}
