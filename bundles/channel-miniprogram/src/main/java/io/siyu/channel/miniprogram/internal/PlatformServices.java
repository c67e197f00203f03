package io.siyu.channel.miniprogram.internal;

import io.siyu.api.customer.CustomerService;
import io.siyu.api.event.EventService;
import io.siyu.api.policy.ConsentService;

/** The core services the adapter uses when they are there; each answer may be null (not running now). */
interface PlatformServices {
    /** The mini program's events go on the timeline through the same batch ingestion as the REST API. */
    EventService events();

    /** One-time subscription grants per template are kept as consent (see Grants). */
    ConsentService consents();

    /** Which customer an openid belongs to, since grants are kept per customer. */
    CustomerService customers();
}
