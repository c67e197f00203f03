package io.siyu.channel.wechatoa.internal;

import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;

/** The core services the adapter uses when they are there; each answer may be null (not running now). */
interface PlatformServices {
    EventService events();

    /** Follow and unfollow are consent statements; recorded through this. */
    ConsentService consents();

    /** Finds the profile an openid belongs to, since consent is recorded per customer id. */
    CustomerService customers();

    DeliveryReports deliveryReports();
}
