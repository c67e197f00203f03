package io.siyu.channel.miniprogram.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.FieldError;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
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
import io.siyu.api.policy.SubscriptionGrants;
import io.siyu.channel.kit.core.CoreServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code POST /siyu/callback/miniprogram/<account>/events}: what the mini program (through its own
 * server, which holds the ingest token) reports, as Siyu events on the customer of the openid.
 *
 * <p>Authenticated by {@code Authorization: Bearer <ingestToken>}, or by {@code X-Siyu-Timestamp}
 * (epoch seconds, within {@code ingestMaxSkewSeconds}) and {@code X-Siyu-Signature} = hex
 * HMAC-SHA256 with the token over {@code timestamp + "\n" + body}. Body:
 * {@code {"events":[{"id","type","openid","unionid"?,"occurredAt","properties"{…},"templateIds"?}]}}
 * with types {@value EventTypes#ORDER} (orderId, amount, items, store), {@value #PAGE_VIEW} (page,
 * title), {@value #SUBSCRIBE_ACCEPTED} / {@value #SUBSCRIBE_REJECTED} (templateIds, as
 * wx.requestSubscribeMessage answered) or any other dotted type. The batch goes through
 * {@link EventService#ingest} like {@code POST /events}: all or nothing, retries are duplicates;
 * its errors are answered as 400 with the paths of the fields.
 */
final class MpIngest implements InboundCallback {
    static final String PATH = "/events";
    static final String PAGE_VIEW = "page.view";
    static final String SUBSCRIBE_ACCEPTED = "subscribe.accepted";
    static final String SUBSCRIBE_REJECTED = "subscribe.rejected";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*(?:\\.[a-z0-9_-]+)*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MpSettings settings;
    private final CoreServices services;
    private final Grants grants;
    private final String channel;
    private final Clock clock;

    MpIngest(MpSettings settings, CoreServices services, Grants grants, String channel, Clock clock) {
        this.settings = settings;
        this.services = services;
        this.grants = grants;
        this.channel = channel;
        this.clock = clock;
    }

    @Override
    public boolean acceptsPath(String path) {
        return PATH.equals(path);
    }

    @Override
    public CallbackResponse handle(CallbackRequest request) {
        if (!request.method().equals("POST")) {
            throw new CallbackRejected(CallbackRejected.Reason.METHOD_NOT_ALLOWED, "POST events");
        }
        authenticate(request);
        JsonNode root;
        try {
            root = JSON.readTree(request.body());
        } catch (IOException e) {
            return problems(List.of(FieldError.of("body", "is not JSON")));
        }
        if (root == null || !root.path("events").isArray()) {
            return problems(List.of(FieldError.of("events", "send {\"events\":[…]}")));
        }
        List<FieldError> errors = new ArrayList<>();
        List<EventDraft> drafts = new ArrayList<>();
        List<Grant> grantChanges = new ArrayList<>();
        int i = 0;
        for (JsonNode e : root.get("events")) {
            drafts.add(draft(e, "events[" + i + "]", errors, grantChanges));
            i++;
        }
        if (drafts.size() > EventService.MAX_BATCH) {
            errors.add(FieldError.of("events", "at most " + EventService.MAX_BATCH + " events per request"));
        }
        if (!errors.isEmpty()) {
            return problems(errors);
        }
        EventService events = require(services.events(), "event");
        SubscriptionGrants subscriptions = grantChanges.isEmpty() ? null
                : require(services.subscriptionGrants(), "subscription grant");
        CustomerService customers = require(services.customers(), "customer");
        IngestResult result;
        try {
            result = events.ingest(Caller.SYSTEM, drafts);
        } catch (ValidationException e) {
            return problems(e.errors());
        }
        if (!result.ok()) {
            return problems(result.errors());
        }
        for (Grant g : grantChanges) {
            Customer c = customers.findByIdentity(Caller.SYSTEM, g.openid()).orElseThrow(() ->
                    new UnavailableException("no profile found yet for a subscribing openid; send the batch again"));
            for (String template : new java.util.LinkedHashSet<>(g.templateIds())) {
                grants.granted(subscriptions, c.id(), template, g.eventId(), g.at());
            }
        }
        ObjectNode ok = JSON.createObjectNode();
        ok.put("accepted", result.accepted());
        ok.put("duplicates", result.duplicates());
        ok.put("createdCustomers", result.createdCustomers());
        return new CallbackResponse(200, CallbackResponse.JSON, ok.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** An acceptance: one grant per template it names, identified by its event. */
    private record Grant(String eventId, ChannelIdentity openid, List<String> templateIds, Instant at) {
    }

    private EventDraft draft(JsonNode e, String path, List<FieldError> errors, List<Grant> grantChanges) {
        String id = e.path("id").asText("");
        String type = e.path("type").asText("");
        String openid = e.path("openid").asText("");
        if (id.isBlank() || id.length() > 96) {
            errors.add(FieldError.of(path + ".id", "is required, at most 96 characters"));
        }
        if (!TYPE.matcher(type).matches()) {
            errors.add(FieldError.of(path + ".type", "is a dotted lower-case type, e.g. order, page.view, "
                    + "subscribe.accepted"));
        }
        if (openid.isBlank() || openid.length() > 128) {
            errors.add(FieldError.of(path + ".openid", "is the user's openid in this mini program"));
        }
        Instant at = null;
        try {
            at = Instant.parse(e.path("occurredAt").asText(""));
        } catch (DateTimeParseException x) {
            errors.add(FieldError.of(path + ".occurredAt", "is an ISO-8601 instant, e.g. 2026-11-11T08:00:00Z"));
        }
        Map<String, Object> props = new LinkedHashMap<>();
        JsonNode p = e.path("properties");
        if (!p.isMissingNode() && !p.isObject()) {
            errors.add(FieldError.of(path + ".properties", "is an object"));
        } else if (p.isObject()) {
            props.putAll(JSON.convertValue(p, Map.class));
        }
        if (type.equals(EventTypes.ORDER)) {
            Object amount = props.get(EventTypes.AMOUNT);
            if (amount == null || !amount.toString().matches("-?\\d+(\\.\\d+)?")) {
                errors.add(FieldError.of(path + ".properties.amount", "an order has an amount in yuan, e.g. 99.50"));
            }
            if (!(props.get(EventTypes.ORDER_ID) instanceof String)) {
                errors.add(FieldError.of(path + ".properties.orderId", "an order has its orderId"));
            }
        }
        boolean subscription = type.equals(SUBSCRIBE_ACCEPTED) || type.equals(SUBSCRIBE_REJECTED);
        List<String> templates = new ArrayList<>();
        JsonNode t = e.has("templateIds") ? e.get("templateIds") : p.path("templateIds");
        if (subscription) {
            if (!t.isArray() || t.isEmpty()) {
                errors.add(FieldError.of(path + ".templateIds", "names the templates the user answered"));
            } else {
                t.forEach(n -> templates.add(n.asText()));
                if (templates.stream().anyMatch(String::isBlank)) {
                    errors.add(FieldError.of(path + ".templateIds", "template ids are not blank"));
                }
                props.put("templateIds", templates);
            }
        }
        ChannelIdentity identity = ChannelIdentity.scoped(IdentityType.MINIPROGRAM_OPENID, settings.appId(), openid);
        List<ChannelIdentity> linked = new ArrayList<>();
        String unionid = e.path("unionid").asText("");
        if (!unionid.isBlank()) {
            linked.add(ChannelIdentity.of(IdentityType.UNIONID, unionid));
        }
        if (type.equals(SUBSCRIBE_ACCEPTED) && at != null && !openid.isBlank()) {
            grantChanges.add(new Grant(id, identity, templates, at));
        }
        // the mini program's ids are its own: namespaced so they never meet another producer's
        return new EventDraft(TYPE_PREFIX + settings.appId() + ":" + id, type, at, channel, null, identity, props,
                linked);
    }

    private static final String TYPE_PREFIX = MpAdapter.TYPE + ":";

    /** Bearer token, or an HMAC signature with a fresh timestamp; constant-time comparisons. */
    void authenticate(CallbackRequest request) {
        byte[] token = settings.ingestToken().getBytes(StandardCharsets.UTF_8);
        String auth = request.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (MessageDigest.isEqual(auth.substring(7).strip().getBytes(StandardCharsets.UTF_8), token)) {
                return;
            }
            throw new CallbackRejected(CallbackRejected.Reason.BAD_SIGNATURE, "ingest token");
        }
        String ts = request.header("X-Siyu-Timestamp");
        String signature = request.header("X-Siyu-Signature");
        if (ts == null || signature == null) {
            throw new CallbackRejected(CallbackRejected.Reason.BAD_SIGNATURE, "no ingest token or signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(ts.strip());
        } catch (NumberFormatException e) {
            throw new CallbackRejected(CallbackRejected.Reason.STALE_TIMESTAMP, "timestamp is not epoch seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > settings.ingestMaxSkewSeconds()) {
            throw new CallbackRejected(CallbackRejected.Reason.STALE_TIMESTAMP, "timestamp too far from now");
        }
        byte[] expected = HexFormat.of().formatHex(sign(token, ts.strip(), request.body()))
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.strip().toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII))) {
            throw new CallbackRejected(CallbackRejected.Reason.BAD_SIGNATURE, "ingest signature");
        }
    }

    static byte[] sign(byte[] token, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            mac.update((timestamp + "\n").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static CallbackResponse problems(List<FieldError> errors) {
        ObjectNode body = JSON.createObjectNode();
        body.put("title", "the events were not recorded");
        ArrayNode list = body.putArray("errors");
        for (FieldError f : errors) {
            list.addObject().put("field", f.field()).put("message", f.message());
        }
        return new CallbackResponse(400, "application/problem+json; charset=utf-8",
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T require(T service, String name) {
        if (service == null) {
            throw new UnavailableException("the " + name + " service is not running; send the batch again");
        }
        return service;
    }
}
