package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.InboundCallback;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.EventTypes;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.channel.kit.ApiResult;
import io.siyu.channel.kit.CallbackGuard;
import io.siyu.channel.kit.VerifiedCallback;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WeCom callbacks of one account at {@code /siyu/callback/wecom/<account>}: URL verification (GET)
 * and events (POST), checked by the kit's {@link CallbackGuard} (signature, timestamp window,
 * replay, receiveid = corpid) and recorded as customer events.
 *
 * <p>Event ids are derived from the callback's own fields (corp, event, change type, customer,
 * staff member, creation time; MsgId for messages), so the platform's retries of one callback land
 * on one event: {@link EventService} drops an id it has stored. When the event service is not
 * running the callback is answered with an {@link UnavailableException} (503) and its nonce
 * forgotten, so the platform's retry is accepted.
 */
final class WeComCallback implements InboundCallback {
    static final String CONTACT_UPDATED = "contact.updated";
    static final String HANDOVER_FAILED = "handover.failed";
    private static final Logger LOG = Logger.getLogger(WeComCallback.class.getName());
    /** Envelope fields of an app message; the rest describe the message. */
    private static final Set<String> ENVELOPE = Set.of("ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId",
            "AgentID", "UserID");

    private final WeComSettings settings;
    private final WeComApi api;
    private final PlatformServices services;
    private final String channel;
    private final Clock clock;
    private final CallbackGuard guard;

    WeComCallback(WeComSettings settings, WeComApi api, PlatformServices services, String channel, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.services = services;
        this.channel = channel;
        this.clock = clock;
        this.guard = new CallbackGuard(new CallbackGuard.Config(settings.token(), settings.encodingAesKey(),
                settings.corpId(), settings.callbackMaxSkewSeconds()), clock);
    }

    @Override
    public CallbackResponse handle(CallbackRequest request) {
        switch (request.method()) {
            case "GET":
                // URL verification when the callback URL is saved in the WeCom admin console
                return CallbackResponse.text(guard.verifyUrl(request));
            case "POST":
                VerifiedCallback callback = guard.openEncrypted(request);
                try {
                    record(callback);
                } catch (RuntimeException e) {
                    guard.release(callback); // not recorded: the platform's retry must not count as a replay
                    throw e;
                }
                return CallbackResponse.empty();
            default:
                throw new CallbackRejected(CallbackRejected.Reason.METHOD_NOT_ALLOWED, "GET or POST");
        }
    }

    private void record(VerifiedCallback callback) {
        if ("event".equals(callback.field("MsgType")) && "change_external_tag".equals(callback.field("Event"))) {
            // names no customer, so no timeline event: core pulls the corp tags again, in the background
            io.siyu.api.channel.ChannelSyncService sync = services.channelSync();
            if (sync == null) {
                LOG.info("WeCom " + settings.account() + ": corp tags changed; no sync service runs to pull them");
            } else {
                sync.tagsChanged(channel);
            }
            return;
        }
        if (!recordable(callback)) {
            LOG.fine(() -> "WeCom " + settings.account() + ": nothing to record in " + callback);
            return;
        }
        EventService events = services.events();
        if (events == null) {
            throw new UnavailableException("the event service is not running; WeCom will send the callback again");
        }
        List<EventDraft> drafts = drafts(callback);
        if (drafts.isEmpty()) {
            return;
        }
        IngestResult result;
        try {
            result = events.ingest(Caller.SYSTEM, drafts);
        } catch (ValidationException e) {
            // the platform's retry would be refused the same way: record the problem, not a retry
            LOG.warning("WeCom " + settings.account() + ": callback " + callback + " refused: " + e.getMessage());
            return;
        }
        if (!result.ok()) {
            LOG.warning("WeCom " + settings.account() + ": callback " + callback + " refused: " + result.errors());
        }
    }

    /** Whether the callback carries anything recorded, decided before any provider call. */
    private static boolean recordable(VerifiedCallback cb) {
        String msgType = cb.field("MsgType");
        if (!"event".equals(msgType)) {
            return msgType != null && isExternalUserId(cb.field("FromUserName"));
        }
        String event = cb.field("Event");
        if ("change_external_contact".equals(event)) {
            return cb.field("ExternalUserID") != null && !cb.field("ExternalUserID").isEmpty();
        }
        return "change_external_chat".equals(event) && !members(cb).isEmpty();
    }

    List<EventDraft> drafts(VerifiedCallback cb) {
        Instant at = createTime(cb);
        String msgType = cb.field("MsgType");
        if (!"event".equals(msgType)) {
            return messageIn(cb, at);
        }
        String event = cb.field("Event");
        if ("change_external_contact".equals(event)) {
            return contactChange(cb, at);
        }
        if ("change_external_chat".equals(event)) {
            return chatChange(cb, at);
        }
        // the rest name no customer, and a timeline event needs one (change_external_tag: see record)
        return List.of();
    }

    private List<EventDraft> contactChange(VerifiedCallback cb, Instant at) {
        String changeType = text(cb, "ChangeType");
        String externalUserId = text(cb, "ExternalUserID");
        String staffId = text(cb, "UserID");
        ChannelIdentity identity = identity(externalUserId);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(EventTypes.STAFF_ID, staffId.isEmpty() ? null : staffId);
        String id = eventId("change_external_contact", changeType, externalUserId, staffId, text(cb, "CreateTime"));
        switch (changeType) {
            case "add_external_contact":
            case "add_half_external_contact": {
                List<ChannelIdentity> identities = new ArrayList<>();
                String state = text(cb, "State");
                Contact contact = lookUp(externalUserId, staffId);
                if (contact != null) {
                    props.put("name", contact.name());
                    if (contact.unionid() != null) {
                        identities.add(ChannelIdentity.of(IdentityType.UNIONID, contact.unionid()));
                    }
                    if (contact.state() != null) {
                        state = contact.state();
                    }
                }
                props.put(EventTypes.CHANNEL_CODE, state.isEmpty() ? null : state);
                props.put("welcomeCode", blankToNull(text(cb, "WelcomeCode")));
                if (changeType.equals("add_half_external_contact")) {
                    // the customer added the staff member, who has not accepted yet
                    props.put("pending", true);
                }
                return List.of(new EventDraft(id, EventTypes.CONTACT_ADDED, at, channel, null, identity, props,
                        identities));
            }
            case "edit_external_contact":
                return List.of(EventDraft.forIdentity(id, CONTACT_UPDATED, at, channel, identity, props));
            case "del_external_contact":
                props.put("by", "staff");
                props.put("source", blankToNull(text(cb, "Source")));
                return List.of(EventDraft.forIdentity(id, EventTypes.CONTACT_REMOVED, at, channel, identity, props));
            case "del_follow_user":
                props.put("by", "customer");
                return List.of(EventDraft.forIdentity(id, EventTypes.CONTACT_REMOVED, at, channel, identity, props));
            case "transfer_fail":
                props.put("reason", blankToNull(text(cb, "FailReason")));
                return List.of(EventDraft.forIdentity(id, HANDOVER_FAILED, at, channel, identity, props));
            default:
                return List.of();
        }
    }

    /** Group members joining or leaving, one event per external contact the callback names. */
    private List<EventDraft> chatChange(VerifiedCallback cb, Instant at) {
        String detail = text(cb, "UpdateDetail");
        String type;
        if (detail.equals("add_member")) {
            type = EventTypes.GROUP_JOIN;
        } else if (detail.equals("del_member")) {
            type = EventTypes.GROUP_LEAVE;
        } else {
            return List.of();
        }
        String chatId = text(cb, "ChatId");
        List<EventDraft> drafts = new ArrayList<>();
        for (String member : members(cb)) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put(EventTypes.GROUP_CHAT_ID, chatId);
            props.put("joinScene", blankToNull(text(cb, "JoinScene")));
            props.put("quitScene", blankToNull(text(cb, "QuitScene")));
            drafts.add(EventDraft.forIdentity(eventId("change_external_chat", detail, chatId, member,
                    text(cb, "CreateTime")), type, at, channel, identity(member), props));
        }
        return drafts;
    }

    /** External contacts in {@code MemChangeList} of a member change; staff members are left out. */
    private static List<String> members(VerifiedCallback cb) {
        List<String> members = new ArrayList<>();
        cb.fields().forEach((path, value) -> {
            if (path.startsWith("MemChangeList/Item") && isExternalUserId(value)) {
                members.add(value);
            }
        });
        return members;
    }

    private List<EventDraft> messageIn(VerifiedCallback cb, Instant at) {
        String from = text(cb, "FromUserName");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("msgType", text(cb, "MsgType"));
        props.put(EventTypes.STAFF_ID, blankToNull(text(cb, "UserID")));
        props.put("msgId", blankToNull(text(cb, "MsgId")));
        cb.fields().forEach((name, value) -> {
            if (!ENVELOPE.contains(name) && !name.contains("/")) {
                props.put(Character.toLowerCase(name.charAt(0)) + name.substring(1), value);
            }
        });
        String msgId = text(cb, "MsgId");
        String id = msgId.isEmpty() ? eventId("message", from, text(cb, "CreateTime"), text(cb, "MsgType"))
                : eventId("message", msgId);
        return List.of(EventDraft.forIdentity(id, EventTypes.MESSAGE_IN, at, channel, identity(from), props));
    }

    /** Name, unionid and the contact-way state from {@code externalcontact/get}. */
    private record Contact(String name, String unionid, String state) {
    }

    private Contact lookUp(String externalUserId, String staffId) {
        ApiResult result = api.get("/externalcontact/get", Map.of("external_userid", externalUserId));
        if (!(result instanceof ApiResult.Ok ok)) {
            // the callback alone is still worth recording; the profile fills in later
            LOG.log(Level.INFO, "WeCom {0}: externalcontact/get failed ({1}); recording the callback as it came",
                    new Object[] {settings.account(), result});
            return null;
        }
        JsonNode contact = ok.body().path("external_contact");
        String state = null;
        for (JsonNode follow : ok.body().path("follow_user")) {
            if (follow.path("userid").asText().equals(staffId) && !follow.path("state").asText("").isEmpty()) {
                state = follow.path("state").asText();
            }
        }
        return new Contact(blankToNull(contact.path("name").asText("")), blankToNull(contact.path("unionid").asText("")),
                state);
    }

    private ChannelIdentity identity(String externalUserId) {
        return ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, settings.corpId(), externalUserId);
    }

    private Instant createTime(VerifiedCallback cb) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(text(cb, "CreateTime")));
        } catch (NumberFormatException e) {
            return clock.instant();
        }
    }

    /**
     * External contacts' ids start with {@code wm} (WeChat users) or {@code wo}; staff userids are
     * the corp's own names. Only the former are customers.
     */
    static boolean isExternalUserId(String id) {
        return id != null && id.length() > 2 && (id.startsWith("wm") || id.startsWith("wo"));
    }

    /** {@code wecom:} and a hash of the corp and the given parts: the same callback, the same id. */
    private String eventId(String... parts) {
        StringBuilder key = new StringBuilder(settings.corpId());
        for (String p : parts) {
            key.append('\n').append(p);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("wecom:");
            for (int i = 0; i < 20; i++) {
                hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String text(VerifiedCallback cb, String field) {
        String v = cb.field(field);
        return v == null ? "" : v.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
