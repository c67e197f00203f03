package io.siyu.channel.miniprogram.internal;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.SubscriptionGrants;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time subscription grants (一次性订阅) of this mini program, counted exactly by the core
 * ({@link SubscriptionGrants}, scoped by AppID): each {@code subscribe.accepted} of a template is one
 * grant, each message sent uses one, and the platform's 43101 (no subscription) uses up whatever
 * Siyu still counted. A rejection grants nothing and takes nothing back: earlier acceptances stay
 * valid on the platform.
 */
final class Grants {
    private final String appId;

    Grants(String appId) {
        this.appId = appId;
    }

    /** How many grants the customer holding this openid has left for the template. */
    int left(CustomerService customers, SubscriptionGrants grants, ChannelIdentity openid, String templateId) {
        Optional<Customer> c = customers.findByIdentity(Caller.SYSTEM, openid);
        return c.isEmpty() ? 0 : grants.available(c.get().id(), appId, templateId);
    }

    /** @param sourceId the acceptance event's id, so a batch sent again grants nothing twice */
    boolean granted(SubscriptionGrants grants, long customerId, String templateId, String sourceId, Instant at) {
        return grants.grant(customerId, appId, templateId, sourceId, at);
    }

    /** The message went out: it used one grant. */
    void used(CustomerService customers, SubscriptionGrants grants, ChannelIdentity openid, String templateId,
            String messageKey, Instant at) {
        customers.findByIdentity(Caller.SYSTEM, openid).ifPresent(c -> grants.consume(c.id(), appId, templateId,
                messageKey, at));
    }

    /** The platform says none is left (43101): none is left here either. */
    void gone(CustomerService customers, SubscriptionGrants grants, ChannelIdentity openid, String templateId,
            Instant at) {
        customers.findByIdentity(Caller.SYSTEM, openid).ifPresent(c -> grants.revokeAll(c.id(), appId, templateId,
                "43101", at));
    }
}
