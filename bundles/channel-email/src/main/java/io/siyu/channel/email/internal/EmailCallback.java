package io.siyu.channel.email.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.NotFoundException;
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
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentService;
import io.siyu.api.policy.ConsentState;
import io.siyu.channel.kit.core.CoreServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What the account serves below {@code /siyu/callback/email/<account>}:
 * <ul>
 * <li>{@code /unsubscribe?t=<token>}: the link in every message and in its List-Unsubscribe header.
 * GET (a person clicking) and POST (RFC 8058 one-click, {@code List-Unsubscribe=One-Click}) both set
 * the customer's e-mail consent to opted out and put {@value #UNSUBSCRIBE_EVENT} on the timeline; GET
 * answers a small confirmation page, POST an empty 200. The token verifies itself
 * ({@link UnsubscribeTokens}); nothing else is trusted.</li>
 * <li>{@code /bounce} (only when {@code bounceToken} is set; {@code Authorization: Bearer <token>}):
 * bounces as JSON or as an RFC 3464 report. Each goes on the timeline as {@value #BOUNCE_EVENT};
 * a permanent one fails its recipient in the outbox.</li>
 * </ul>
 */
final class EmailCallback implements InboundCallback {
    static final String UNSUBSCRIBE_EVENT = "email.unsubscribe";
    static final String BOUNCE_EVENT = "email.bounce";
    private static final Logger LOG = Logger.getLogger(EmailCallback.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmailSettings settings;
    private final CoreServices services;
    private final UnsubscribeTokens tokens;
    private final String channel;
    private final Clock clock;

    EmailCallback(EmailSettings settings, CoreServices services, UnsubscribeTokens tokens, String channel,
            Clock clock) {
        this.settings = settings;
        this.services = services;
        this.tokens = tokens;
        this.channel = channel;
        this.clock = clock;
    }

    @Override
    public boolean acceptsPath(String path) {
        return EmailAdapter.UNSUBSCRIBE_PATH.equals(path)
                || EmailAdapter.BOUNCE_PATH.equals(path) && settings.bounceToken() != null;
    }

    @Override
    public CallbackResponse handle(CallbackRequest request) {
        switch (request.path()) {
            case EmailAdapter.UNSUBSCRIBE_PATH:
                return unsubscribe(request);
            case EmailAdapter.BOUNCE_PATH:
                if (settings.bounceToken() == null) {
                    throw new CallbackRejected(CallbackRejected.Reason.METHOD_NOT_ALLOWED, "bounces are off");
                }
                return bounce(request);
            default:
                throw new CallbackRejected(CallbackRejected.Reason.MALFORMED, "nothing at '" + request.path() + "'");
        }
    }

    // ------------------------------------------------------------------ unsubscribe

    private CallbackResponse unsubscribe(CallbackRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("POST")) {
            throw new CallbackRejected(CallbackRejected.Reason.METHOD_NOT_ALLOWED, "GET or POST");
        }
        UnsubscribeTokens.Subject who = tokens.verify(request.queryParam("t"))
                .orElseThrow(() -> new CallbackRejected(CallbackRejected.Reason.BAD_SIGNATURE, "unsubscribe token"));
        optOut(who);
        if (request.method().equals("POST")) {
            return CallbackResponse.text("unsubscribed");
        }
        String page = "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><title>已退订 Unsubscribed</title></head><body style=\"font-family:"
                + "sans-serif;max-width:32em;margin:3em auto\"><h1>已退订</h1><p>" + MimeText.escapeHtml(who.address())
                + " 将不再收到来自 " + MimeText.escapeHtml(displayName()) + " 的邮件。</p><p>You are unsubscribed: "
                + MimeText.escapeHtml(who.address()) + " will receive no more e-mail from us.</p></body></html>";
        return new CallbackResponse(200, CallbackResponse.HTML, page.getBytes(StandardCharsets.UTF_8));
    }

    private String displayName() {
        return settings.fromName() != null ? settings.fromName() : settings.fromAddress();
    }

    /** The event first (it creates a profile for an address Siyu did not know), then the consent. */
    void optOut(UnsubscribeTokens.Subject who) {
        EventService events = require(services.events(), "event");
        ConsentService consents = require(services.consents(), "consent");
        CustomerService customers = require(services.customers(), "customer");
        Instant now = clock.instant();
        ChannelIdentity identity = ChannelIdentity.of(IdentityType.EMAIL, who.address().toLowerCase(Locale.ROOT));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("address", who.address());
        // one event per address and day however often the link is clicked
        ingest(events, EventDraft.forIdentity(eventId("unsubscribe", who.address(),
                LocalDate.ofInstant(now, ZoneOffset.UTC).toString()), UNSUBSCRIBE_EVENT, now, channel, identity, props));
        Consent optOut = new Consent(who.customerId(), EmailAdapter.CONSENT_CHANNEL, ConsentState.OPTED_OUT, now,
                channel + ":unsubscribe-link");
        if (who.customerId() > 0) {
            try {
                consents.record(Caller.SYSTEM, optOut);
                return;
            } catch (NotFoundException deleted) {
                // the profile was deleted since: whoever holds the address now is asking
            }
        }
        Customer holder = customers.findByIdentity(Caller.SYSTEM, identity).orElseThrow(() -> new UnavailableException(
                "no profile found yet for an unsubscribing address; try again"));
        consents.record(Caller.SYSTEM, new Consent(holder.id(), optOut.channelType(), optOut.state(), now,
                optOut.source()));
    }

    // ------------------------------------------------------------------ bounces

    private CallbackResponse bounce(CallbackRequest request) {
        if (!request.method().equals("POST")) {
            throw new CallbackRejected(CallbackRejected.Reason.METHOD_NOT_ALLOWED, "POST a bounce");
        }
        String auth = request.header("Authorization");
        String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                settings.bounceToken().getBytes(StandardCharsets.UTF_8))) {
            throw new CallbackRejected(CallbackRejected.Reason.BAD_SIGNATURE, "bounce token");
        }
        String type = String.valueOf(request.header("Content-Type")).toLowerCase(Locale.ROOT);
        List<Bounce> bounces = type.startsWith("application/json") ? json(request.body()) : DsnParser.parse(
                request.bodyAsString());
        if (bounces.isEmpty()) {
            throw new CallbackRejected(CallbackRejected.Reason.MALFORMED, "no bounced recipient in the request");
        }
        EventService events = require(services.events(), "event");
        DeliveryReports reports = require(services.deliveryReports(), "delivery report");
        int failed = 0;
        for (Bounce b : bounces) {
            record(events, reports, b);
            failed += b.permanent() ? 1 : 0;
        }
        return new CallbackResponse(200, CallbackResponse.JSON, ("{\"recorded\":" + bounces.size() + ",\"failed\":"
                + failed + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"bounces":[{…}]}} or one bounce object: recipient, status, action, diagnostic, messageId, messageKey. */
    static List<Bounce> json(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new CallbackRejected(CallbackRejected.Reason.MALFORMED, "body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new CallbackRejected(CallbackRejected.Reason.MALFORMED, "body is not a JSON object");
        }
        List<JsonNode> items = new ArrayList<>();
        if (root.has("bounces")) {
            root.get("bounces").forEach(items::add);
        } else {
            items.add(root);
        }
        List<Bounce> out = new ArrayList<>();
        for (JsonNode n : items) {
            String recipient = n.path("recipient").asText("");
            if (!EmailSettings.ADDRESS.matcher(recipient.strip()).matches()) {
                throw new CallbackRejected(CallbackRejected.Reason.MALFORMED, "a bounce names its recipient address");
            }
            out.add(new Bounce(recipient, text(n, "action"), text(n, "status"), text(n, "diagnostic"),
                    text(n, "messageId"), text(n, "messageKey")));
        }
        return out;
    }

    private void record(EventService events, DeliveryReports reports, Bounce b) {
        Instant now = clock.instant();
        ChannelIdentity identity = ChannelIdentity.of(IdentityType.EMAIL, b.recipient());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bounce", b.permanent() ? "hard" : "soft");
        props.put("action", b.action());
        props.put("status", b.status().isEmpty() ? null : b.status());
        props.put("diagnostic", b.diagnostic().isEmpty() ? null : b.diagnostic());
        props.put("messageId", b.messageId());
        props.put("messageKey", b.messageKey());
        ingest(events, EventDraft.forIdentity(eventId("bounce", b.recipient(), String.valueOf(b.messageId()),
                String.valueOf(b.messageKey()), b.action(), b.status()), BOUNCE_EVENT, now, channel, identity, props));
        if (b.permanent() && (b.messageKey() != null || b.messageId() != null)) {
            String why = (b.status().isEmpty() ? "" : b.status() + " ") + (b.diagnostic().isEmpty() ? "bounced"
                    : b.diagnostic());
            reports.report(new DeliveryStatus(channel, b.messageKey(), b.messageId(), identity, DeliveryState.FAILED,
                    b.status().isEmpty() ? "bounce" : b.status(), "bounce: " + why, now));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void ingest(EventService events, EventDraft draft) {
        IngestResult result;
        try {
            result = events.ingest(Caller.SYSTEM, List.of(draft));
        } catch (ValidationException e) {
            LOG.warning("e-mail " + settings.account() + ": " + draft.type() + " event refused: " + e.getMessage());
            return;
        }
        if (!result.ok()) {
            LOG.warning("e-mail " + settings.account() + ": " + draft.type() + " event refused: " + result.errors());
        }
    }

    private static <T> T require(T service, String name) {
        if (service == null) {
            throw new UnavailableException("the " + name + " service is not running; try again");
        }
        return service;
    }

    private String eventId(String... parts) {
        StringBuilder key = new StringBuilder(channel);
        for (String p : parts) {
            key.append('\n').append(p);
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return EmailAdapter.TYPE + ":" + parts[0] + ":" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
