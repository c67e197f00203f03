package io.siyu.channel.email.internal;

import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;

/** The core services the adapter uses when they are there; each answer may be null (not running now). */
interface PlatformServices {
    /** Unsubscribes and bounces go on the customer's timeline. */
    EventService events();

    /** Opt-outs are recorded here and checked before every send. */
    ConsentService consents();

    /** Who an address belongs to: the name for personalisation, the id for consent. */
    CustomerService customers();

    /** Bounces fail their recipient. */
    DeliveryReports deliveryReports();
}
