package io.siyu.channel.wechatoa.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.InboundCallback;
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
import io.siyu.channel.kit.CallbackGuard;
import io.siyu.channel.kit.VerifiedCallback;
import io.siyu.channel.kit.core.CoreServices;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Callbacks of one Official Account at {@code /siyu/callback/wechat-oa/<account>}, checked by the
 * kit's {@link CallbackGuard}: plain mode (signature over token, timestamp and nonce) without an
 * EncodingAESKey, safe mode (msg_signature over the ciphertext, receiveid = AppID) with one.
 *
 * <ul>
 * <li>{@code subscribe}: {@value EventTypes#FOLLOW} for the openid, with {@code channelCode} = the
 * scene after {@code qrscene_}, the unionid from {@code user/info} as a linked identity, and consent
 * {@code OPTED_IN} for {@code wechat-oa};</li>
 * <li>{@code unsubscribe}: {@value EventTypes#UNFOLLOW} and consent {@code OPTED_OUT};</li>
 * <li>{@code SCAN} (a follower scanned a parameter QR code): {@value #QR_SCAN} with the scene;</li>
 * <li>messages (text, image, voice, video, location, link): {@value EventTypes#MESSAGE_IN};</li>
 * <li>TEMPLATESENDJOBFINISH and MASSSENDJOBFINISH: delivery reports matched by MsgID.</li>
 * </ul>
 *
 * <p>Event ids are derived from FromUserName, CreateTime and MsgId or Event, so the platform's
 * retries land on one event ({@link EventService} drops an id it has); retries that repeat the
 * callback byte for byte are recognised by {@link RecentCallbacks}. Genuine callbacks that cannot be
 * recorded now (a core service is away) throw {@link UnavailableException} with the nonce released,
 * so the platform's retry is accepted.
 */
final class OaCallback implements InboundCallback {
    static final String QR_SCAN = "qr.scan";
    static final String CONSENT_CHANNEL = OaAdapter.TYPE;
    private static final Logger LOG = Logger.getLogger(OaCallback.class.getName());
    private static final Set<String> MESSAGE_TYPES = Set.of("text", "image", "voice", "video", "shortvideo",
            "location", "link");
    /** Envelope fields of a message; the rest describe it and become event properties. */
    private static final Set<String> ENVELOPE = Set.of("ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId",
            "MsgDataId", "Idx");
    private static final int RECENT_CALLBACKS = 10_000;

    private final OaSettings settings;
    private final OaApi api;
    /** Follow and unfollow are consent statements, recorded for the customer an openid belongs to. */
    private final CoreServices services;
    private final MassSender mass;
    private final String channel;
    private final Clock clock;
    private final CallbackGuard guard;
    private final RecentCallbacks recent = new RecentCallbacks(RECENT_CALLBACKS);

    OaCallback(OaSettings settings, OaApi api, CoreServices services, MassSender mass, String channel,
            Clock clock) {
        this.settings = settings;
        this.api = api;
        this.services = services;
        this.mass = mass;
        this.channel = channel;
        this.clock = clock;
        this.guard = new CallbackGuard(new CallbackGuard.Config(settings.token(), settings.encodingAesKey(),
                settings.safeMode() ? settings.appId() : null, settings.callbackMaxSkewSeconds()), clock);
    }

    @Override
    public CallbackResponse handle(CallbackRequest request) {
        switch (request.method()) {
            case "GET":
                // URL verification when the server URL is saved in the account's settings: plain
                // (echostr as sent), or encrypted where the request carries msg_signature
                if (settings.safeMode() && request.queryParam("msg_signature") != null) {
                    return CallbackResponse.text(guard.verifyUrl(request));
                }
                return CallbackResponse.text(guard.verifyPlainUrl(request));
            case "POST":
                return post(request);
            default:
                throw new CallbackRejected(CallbackRejected.Reason.METHOD_NOT_ALLOWED, "GET or POST");
        }
    }

    private CallbackResponse post(CallbackRequest request) {
        VerifiedCallback callback;
        boolean repeat = false;
        try {
            callback = guard.open(request);
        } catch (CallbackRejected e) {
            VerifiedCallback seen = e.reason() == CallbackRejected.Reason.REPLAYED ? recent.repeatOf(request) : null;
            if (seen == null) {
                throw e;
            }
            callback = seen;
            repeat = true;
        }
        try {
            record(callback);
        } catch (RuntimeException e) {
            if (!repeat) {
                guard.release(callback); // not recorded: the platform's retry must not count as a replay
            }
            throw e;
        }
        if (!repeat) {
            recent.remember(request, callback);
        }
        return CallbackResponse.empty();
    }

    void record(VerifiedCallback cb) {
        String msgType = text(cb, "MsgType");
        if (msgType.equals("event")) {
            switch (text(cb, "Event").toUpperCase(Locale.ROOT)) {
                case "SUBSCRIBE":
                    follow(cb);
                    return;
                case "UNSUBSCRIBE":
                    unfollow(cb);
                    return;
                case "SCAN":
                    scan(cb);
                    return;
                case "TEMPLATESENDJOBFINISH":
                    templateFinished(cb);
                    return;
                case "MASSSENDJOBFINISH":
                    massFinished(cb);
                    return;
                default:
                    // menu clicks, location reports and the rest are not recorded (yet)
                    LOG.fine(() -> "WeChat OA " + settings.account() + ": not recorded: " + cb);
                    return;
            }
        }
        if (MESSAGE_TYPES.contains(msgType)) {
            messageIn(cb);
        } else {
            LOG.fine(() -> "WeChat OA " + settings.account() + ": not recorded: " + cb);
        }
    }

    // ------------------------------------------------------------------ followers

    private void follow(VerifiedCallback cb) {
        String openid = text(cb, "FromUserName");
        if (openid.isEmpty()) {
            LOG.warning("WeChat OA " + settings.account() + ": subscribe without FromUserName ignored");
            return;
        }
        EventService events = requireEvents();
        ConsentService consents = requireConsents();
        CustomerService customers = requireCustomers();
        Instant at = createTime(cb);
        ChannelIdentity identity = identity(openid);
        Map<String, Object> props = new LinkedHashMap<>();
        String eventKey = text(cb, "EventKey");
        String scene = eventKey.startsWith("qrscene_") ? eventKey.substring("qrscene_".length()) : "";
        List<ChannelIdentity> identities = new ArrayList<>();
        JsonNode info = userInfo(openid);
        if (info != null) {
            String unionid = info.path("unionid").asText("");
            if (!unionid.isEmpty()) {
                identities.add(ChannelIdentity.of(IdentityType.UNIONID, unionid));
            }
            props.put("nickname", blankToNull(info.path("nickname").asText("")));
            props.put("subscribeScene", blankToNull(info.path("subscribe_scene").asText("")));
            if (scene.isEmpty() && "ADD_SCENE_QR_CODE".equals(info.path("subscribe_scene").asText())) {
                scene = info.path("qr_scene_str").asText("");
            }
        }
        props.put(EventTypes.CHANNEL_CODE, blankToNull(scene));
        props.put("ticket", blankToNull(text(cb, "Ticket")));
        ingest(events, new EventDraft(eventId(openid, text(cb, "CreateTime"), "subscribe"), EventTypes.FOLLOW, at,
                channel, null, identity, props, identities));
        consent(consents, customers, identity, ConsentState.OPTED_IN, at, "subscribe");
    }

    private void unfollow(VerifiedCallback cb) {
        String openid = text(cb, "FromUserName");
        if (openid.isEmpty()) {
            LOG.warning("WeChat OA " + settings.account() + ": unsubscribe without FromUserName ignored");
            return;
        }
        EventService events = requireEvents();
        ConsentService consents = requireConsents();
        CustomerService customers = requireCustomers();
        Instant at = createTime(cb);
        ChannelIdentity identity = identity(openid);
        ingest(events, EventDraft.forIdentity(eventId(openid, text(cb, "CreateTime"), "unsubscribe"),
                EventTypes.UNFOLLOW, at, channel, identity, Map.of()));
        consent(consents, customers, identity, ConsentState.OPTED_OUT, at, "unsubscribe");
    }

    private void scan(VerifiedCallback cb) {
        String openid = text(cb, "FromUserName");
        if (openid.isEmpty()) {
            return;
        }
        EventService events = requireEvents();
        String scene = text(cb, "EventKey");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EventTypes.CHANNEL_CODE, blankToNull(scene));
        props.put("ticket", blankToNull(text(cb, "Ticket")));
        ingest(events, EventDraft.forIdentity(eventId(openid, text(cb, "CreateTime"), "SCAN", scene), QR_SCAN,
                createTime(cb), channel, identity(openid), props));
    }

    private void messageIn(VerifiedCallback cb) {
        String openid = text(cb, "FromUserName");
        if (openid.isEmpty()) {
            return;
        }
        EventService events = requireEvents();
        String msgId = text(cb, "MsgId");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("msgType", text(cb, "MsgType"));
        props.put("msgId", blankToNull(msgId));
        cb.fields().forEach((name, value) -> {
            if (!ENVELOPE.contains(name) && !name.contains("/") && !name.isEmpty()) {
                props.put(Character.toLowerCase(name.charAt(0)) + name.substring(1), value);
            }
        });
        String id = eventId(openid, text(cb, "CreateTime"), msgId.isEmpty() ? text(cb, "MsgType") : msgId);
        ingest(events, EventDraft.forIdentity(id, EventTypes.MESSAGE_IN, createTime(cb), channel, identity(openid),
                props));
    }

    /** Name, unionid and scene from {@code user/info}; null when the call fails (the event is recorded anyway). */
    private JsonNode userInfo(String openid) {
        OaApi.Outcome info = api.get("/user/info", Map.of("openid", openid, "lang", "zh_CN"));
        if (!info.ok()) {
            LOG.log(Level.INFO, "WeChat OA {0}: user/info failed ({1}); recording the follow as it came",
                    new Object[] {settings.account(), OaApi.describe(info.result())});
            return null;
        }
        return info.result().body();
    }

    private void ingest(EventService events, EventDraft draft) {
        IngestResult result;
        try {
            result = events.ingest(Caller.SYSTEM, List.of(draft));
        } catch (ValidationException e) {
            // the platform's retry would be refused the same way: log the problem, do not ask for a retry
            LOG.warning("WeChat OA " + settings.account() + ": " + draft.type() + " event refused: " + e.getMessage());
            return;
        }
        if (!result.ok()) {
            LOG.warning("WeChat OA " + settings.account() + ": " + draft.type() + " event refused: " + result.errors());
        }
    }

    /**
     * Consent is kept per customer, so the profile the event went to is looked up by its openid. A
     * statement already current (same state, same time: a retry) is not recorded again.
     */
    private void consent(ConsentService consents, CustomerService customers, ChannelIdentity identity,
            ConsentState state, Instant at, String what) {
        Long customerId = customerOf(customers, identity);
        if (customerId == null) {
            // the event just went in, so the profile exists; not finding it is a lag worth a retry
            throw new UnavailableException("no profile found yet for the " + what + " of an openid of "
                    + settings.appId() + "; the platform will send the callback again");
        }
        for (Consent current : consents.consents(Caller.SYSTEM, customerId)) {
            if (current.channelType().equals(CONSENT_CHANNEL) && current.state() == state
                    && !current.changedAt().isBefore(at)) {
                return;
            }
        }
        consents.record(Caller.SYSTEM, new Consent(customerId, CONSENT_CHANNEL, state, at, channel + ":" + what));
    }

    private static Long customerOf(CustomerService customers, ChannelIdentity identity) {
        return customers.findByIdentity(Caller.SYSTEM, identity).map(Customer::id).orElse(null);
    }

    // ------------------------------------------------------------------ delivery reports

    private void templateFinished(VerifiedCallback cb) {
        String msgId = text(cb, "MsgID");
        if (msgId.isEmpty()) {
            return;
        }
        DeliveryReports reports = requireReports();
        String status = text(cb, "Status");
        String openid = text(cb, "FromUserName");
        boolean success = status.equalsIgnoreCase("success");
        reports.report(new DeliveryStatus(channel, null, msgId, openid.isEmpty() ? null : identity(openid),
                success ? DeliveryState.DELIVERED : DeliveryState.FAILED, success ? null : status,
                success ? null : status.isEmpty() ? "template send failed" : status, createTime(cb)));
    }

    private void massFinished(VerifiedCallback cb) {
        String msgId = text(cb, "MsgID");
        if (msgId.isEmpty()) {
            return;
        }
        DeliveryReports reports = requireReports();
        String status = text(cb, "Status");
        String counts = "TotalCount=" + text(cb, "TotalCount") + " FilterCount=" + text(cb, "FilterCount")
                + " SentCount=" + text(cb, "SentCount") + " ErrorCount=" + text(cb, "ErrorCount");
        if (status.equals("sendsuccess")) {
            reports.report(new DeliveryStatus(channel, null, msgId, null, DeliveryState.DELIVERED, null, counts,
                    createTime(cb)));
        } else {
            // sendfail, or err(<code>) with the reason's code
            String code = status.startsWith("err(") && status.endsWith(")") ? status.substring(4, status.length() - 1)
                    : status.isEmpty() ? "sendfail" : status;
            reports.report(new DeliveryStatus(channel, null, msgId, null, DeliveryState.FAILED, code,
                    "Status=" + status + " " + counts, createTime(cb)));
        }
        mass.finished(msgId);
    }

    // ------------------------------------------------------------------ helpers

    private EventService requireEvents() {
        EventService events = services.events();
        if (events == null) {
            throw new UnavailableException("the event service is not running; WeChat will send the callback again");
        }
        return events;
    }

    private ConsentService requireConsents() {
        ConsentService consents = services.consents();
        if (consents == null) {
            throw new UnavailableException("the consent service is not running; WeChat will send the callback again");
        }
        return consents;
    }

    private CustomerService requireCustomers() {
        CustomerService customers = services.customers();
        if (customers == null) {
            throw new UnavailableException("the customer service is not running; WeChat will send the callback again");
        }
        return customers;
    }

    private DeliveryReports requireReports() {
        DeliveryReports reports = services.deliveryReports();
        if (reports == null) {
            throw new UnavailableException("delivery reports are not taken now; WeChat will send the callback again");
        }
        return reports;
    }

    private ChannelIdentity identity(String openid) {
        return ChannelIdentity.scoped(IdentityType.OA_OPENID, settings.appId(), openid);
    }

    private Instant createTime(VerifiedCallback cb) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(text(cb, "CreateTime")));
        } catch (NumberFormatException e) {
            return clock.instant();
        }
    }

    /** {@code wechat-oa:} and a digest of the AppID and the given parts: the same callback, the same id. */
    private String eventId(String... parts) {
        StringBuilder key = new StringBuilder(settings.appId());
        for (String p : parts) {
            key.append('\n').append(p);
        }
        return OaAdapter.TYPE + ":" + OaMessages.hex(OaMessages.sha256(key.toString()), 20);
    }

    private static String text(VerifiedCallback cb, String field) {
        String v = cb.field(field);
        return v == null ? "" : v.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** For tests: the callbacks remembered for retries. */
    int recentCallbacks() {
        return recent.size();
    }
}
