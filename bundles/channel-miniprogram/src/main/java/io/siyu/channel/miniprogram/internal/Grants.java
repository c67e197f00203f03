package io.siyu.channel.miniprogram.internal;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.policy.ConsentState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One-time subscription grants (一次性订阅) per customer and template, kept as consent: a template
 * the user accepted in {@code wx.requestSubscribeMessage} is consent {@code OPTED_IN} for the channel
 * type {@link #channelType}, a grant used by a send or refused by the platform (43101) is
 * {@code OPTED_OUT}. Consent keeps history, takes statements in order of when they were made (a
 * grant accepted after a send counts, an older one does not) and lives with the customer, which is
 * what a grant is: the customer's permission to receive one message of one template.
 *
 * <p>Consent channel types are {@code [a-z][a-z0-9-]*} and template ids are not, so the type is
 * {@code mp-} and a digest of the AppID and template id; the statement's source names the template.
 * Several acceptances of one template before a send count as one grant (never more messages than
 * granted, possibly fewer).
 */
final class Grants {
    static final String PREFIX = "mp-";

    private final String appId;
    private final String channel;

    Grants(String appId, String channel) {
        this.appId = appId;
        this.channel = channel;
    }

    /** The consent channel type of one template of this mini program. */
    String channelType(String templateId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((appId + "\n" + templateId)
                    .getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the customer holding this openid has a grant for the template now. */
    boolean has(CustomerService customers, ConsentService consents, ChannelIdentity openid, String templateId) {
        Optional<Customer> c = customers.findByIdentity(Caller.SYSTEM, openid);
        if (c.isEmpty()) {
            return false;
        }
        String type = channelType(templateId);
        return consents.consents(Caller.SYSTEM, c.get().id()).stream()
                .anyMatch(x -> x.channelType().equals(type) && x.state() == ConsentState.OPTED_IN);
    }

    void granted(ConsentService consents, long customerId, String templateId, Instant at) {
        record(consents, customerId, templateId, ConsentState.OPTED_IN, at, "accepted");
    }

    void refusedByUser(ConsentService consents, long customerId, String templateId, Instant at) {
        record(consents, customerId, templateId, ConsentState.OPTED_OUT, at, "rejected");
    }

    /** The grant went into a message (or the platform said 43101): none left until the user accepts again. */
    void used(CustomerService customers, ConsentService consents, ChannelIdentity openid, String templateId,
            Instant at, String why) {
        customers.findByIdentity(Caller.SYSTEM, openid).ifPresent(c -> record(consents, c.id(), templateId,
                ConsentState.OPTED_OUT, at, why));
    }

    private void record(ConsentService consents, long customerId, String templateId, ConsentState state, Instant at,
            String what) {
        String source = channel + ":" + what + ":" + templateId;
        consents.record(Caller.SYSTEM, new Consent(customerId, channelType(templateId), state, at,
                source.length() > 200 ? source.substring(0, 200) : source));
    }
}
