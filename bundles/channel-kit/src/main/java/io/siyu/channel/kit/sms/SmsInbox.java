package io.siyu.channel.kit.sms;

import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.EventTypes;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.policy.ConsentState;
import io.siyu.channel.kit.core.CoreServices;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Records what SMS providers post back, the same way for every SMS adapter: replies become
 * {@value EventTypes#MESSAGE_IN} events on the sender's phone identity, and an opt-out reply
 * ({@link OptOut}) also records consent {@code OPTED_OUT} for the SMS consent channel; status reports
 * go to {@link DeliveryReports}.
 *
 * <p>Providers retry a push they got no 200 for, so everything here is idempotent: event ids are
 * derived from the reply (the event service keeps an id once), a consent statement already current
 * is not recorded again, and delivery reports never undo a final state. When a core service is away
 * an {@link UnavailableException} asks for the provider's retry.
 */
public final class SmsInbox {
    private static final Logger LOG = Logger.getLogger(SmsInbox.class.getName());

    /**
     * One reply from a customer.
     *
     * @param phone E.164
     * @param key what makes this reply unique at the provider (its sequence id, or sender, time and text)
     * @param properties provider details kept on the event (signature, extension code…)
     */
    public record Reply(String phone, String text, Instant at, String key, Map<String, Object> properties) {
        public Reply {
            Objects.requireNonNull(phone, "phone");
            text = text == null ? "" : text;
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(key, "key");
            properties = properties == null ? Map.of() : properties;
        }
    }

    private final String channel;
    private final String consentChannel;
    private final CoreServices services;

    /**
     * @param channel "type/account", the events' channel and the consent's source
     * @param consentChannel the consent channel type an opt-out applies to (e.g. {@code sms})
     */
    public SmsInbox(String channel, String consentChannel, CoreServices services) {
        this.channel = channel;
        this.consentChannel = consentChannel;
        this.services = services;
    }

    public void reply(Reply reply) {
        EventService events = services.events();
        if (events == null) {
            throw new UnavailableException("the event service is not running; the provider will push the reply again");
        }
        ChannelIdentity identity = ChannelIdentity.of(IdentityType.PHONE, reply.phone());
        String keyword = OptOut.keyword(reply.text());
        Map<String, Object> props = new LinkedHashMap<>(reply.properties());
        props.put("text", reply.text());
        if (keyword != null) {
            props.put("optOut", keyword);
        }
        EventDraft draft = EventDraft.forIdentity(eventId(reply.key()), EventTypes.MESSAGE_IN, reply.at(), channel,
                identity, props);
        try {
            IngestResult result = events.ingest(Caller.SYSTEM, List.of(draft));
            if (!result.ok()) {
                LOG.warning(channel + ": reply event refused: " + result.errors());
            }
        } catch (ValidationException e) {
            // the provider's retry would be refused the same way
            LOG.warning(channel + ": reply event refused: " + e.getMessage());
        }
        if (keyword != null) {
            optOut(identity, reply.at(), keyword);
        }
    }

    private void optOut(ChannelIdentity identity, Instant at, String keyword) {
        ConsentService consents = services.consents();
        CustomerService customers = services.customers();
        if (consents == null || customers == null) {
            throw new UnavailableException("consent cannot be recorded now; the provider will push the reply again");
        }
        Long customerId = customers.findByIdentity(Caller.SYSTEM, identity).map(Customer::id).orElse(null);
        if (customerId == null) {
            // the reply's event has just created the profile; not seeing it yet is a lag worth a retry
            throw new UnavailableException("no profile found yet for an opt-out reply; the provider will push it again");
        }
        for (Consent current : consents.consents(Caller.SYSTEM, customerId)) {
            if (current.channelType().equals(consentChannel) && current.state() == ConsentState.OPTED_OUT
                    && !current.changedAt().isBefore(at)) {
                return; // the same statement again (a retried push)
            }
        }
        consents.record(Caller.SYSTEM, new Consent(customerId, consentChannel, ConsentState.OPTED_OUT, at,
                channel + ":reply:" + keyword));
    }

    public void report(DeliveryStatus status) {
        DeliveryReports reports = services.deliveryReports();
        if (reports == null) {
            throw new UnavailableException("delivery reports are not taken now; the provider will push them again");
        }
        reports.report(status);
    }

    /** {@code <type>:} and a digest of the channel and the reply's key: the same reply, the same id. */
    String eventId(String key) {
        String type = channel.substring(0, channel.indexOf('/') < 0 ? channel.length() : channel.indexOf('/'));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((channel + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return type + ":" + HexFormat.of().formatHex(d, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
