package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelCodes;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.InboundCallback;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.channel.kit.ApiResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WeCom account. Mass, direct (a one-customer mass message) and group messages go out through
 * {@code add_msg_template} and wait for the staff member's confirmation in the WeCom client;
 * {@link DeliveryPoller} fetches the results. Welcome messages use the welcome code of the
 * add-contact callback, which {@link WeComCallback} records.
 */
final class WeComAdapter implements ChannelAdapter {
    static final String TYPE = "wecom";
    static final String WELCOME_CODE_OPTION = "wecom.welcomeCode";
    static final int MAX_RECIPIENTS = 10_000;
    static final int MAX_CHATS = 2_000;
    static final int CALLS_PER_MINUTE = 10_000;
    /** How far before the lost attempt's start a message found at the provider may have been created (clock skew). */
    static final Duration IN_FLIGHT_SLACK = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(WeComAdapter.class.getName());

    private final WeComSettings settings;
    private final WeComApi api;
    private final Clock clock;
    private final ChannelDescriptor descriptor;
    private final WeComCallback callback;
    private final WeComChannelCodes channelCodes;
    private final WeComCorpTags corpTags;
    private final WeComContacts contacts;
    private final WeComGroupChats groupChats;
    private final WeComGroupChatStatistics groupChatStatistics;
    private final WeComMoments moments;
    private final WeComTransfers transfers;
    private final io.siyu.api.channel.MassMessageReminders reminders;

    WeComAdapter(WeComSettings settings, WeComApi api, PlatformServices services, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.api = Objects.requireNonNull(api, "api");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.descriptor = new ChannelDescriptor(TYPE, settings.account(), null,
                EnumSet.of(ChannelCapability.DIRECT_MESSAGE, ChannelCapability.MASS_MESSAGE,
                        ChannelCapability.GROUP_MESSAGE, ChannelCapability.WELCOME_MESSAGE,
                        ChannelCapability.CHANNEL_CODES, ChannelCapability.INBOUND_CALLBACKS,
                        ChannelCapability.TAG_SYNC, ChannelCapability.CONTACT_SYNC, ChannelCapability.MOMENTS),
                new ChannelLimits(MAX_RECIPIENTS, settings.massQuotaPerDay(), Duration.ofDays(1), CALLS_PER_MINUTE));
        this.callback = new WeComCallback(settings, api, services, descriptor.key(), clock);
        this.channelCodes = new WeComChannelCodes(api, descriptor.key());
        WeComCalls calls = new WeComCalls(api, descriptor.key());
        this.corpTags = new WeComCorpTags(calls, settings.corpId());
        this.contacts = new WeComContacts(calls, settings.corpId());
        this.groupChats = new WeComGroupChats(calls);
        this.groupChatStatistics = new WeComGroupChatStatistics(calls);
        this.moments = new WeComMoments(calls);
        this.transfers = new WeComTransfers(calls);
        this.reminders = msgid -> {
            try {
                calls.post("/externalcontact/remind_groupmsg_send", java.util.Map.of("msgid", msgid));
                return true;
            } catch (io.siyu.api.channel.ChannelCallException e) {
                if ("40058".equals(e.providerCode())) {
                    return false; // reminded 3 times in 24 hours already, or a message WeCom does not know
                }
                throw e;
            }
        };
    }

    @Override
    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    WeComSettings settings() {
        return settings;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        try {
            switch (message.kind()) {
                case MASS:
                case DIRECT:
                    return sendTemplate(message, "single");
                case GROUP:
                    return sendTemplate(message, "group");
                case WELCOME:
                    return sendWelcome(message);
                default:
                    return new SendResult.PermanentFailure("unsupported-kind", "WeCom does not send " + message.kind());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "WeCom " + settings.account() + ": sending " + message.idempotencyKey() + " failed", e);
            return new SendResult.TransientFailure(null, "unexpected " + e.getClass().getSimpleName(), null);
        }
    }

    private SendResult sendTemplate(OutboundMessage message, String chatType) {
        String sender = message.senderStaffId();
        if (sender == null || sender.isBlank()) {
            return new SendResult.PermanentFailure("sender-required", "a WeCom mass message needs the sending staff member");
        }
        ObjectNode body = api.mapper().createObjectNode();
        body.put("chat_type", chatType);
        Targets targets = null;
        if (chatType.equals("single")) {
            if (message.recipients().size() > MAX_RECIPIENTS) {
                return new SendResult.PermanentFailure("too-many-recipients",
                        message.recipients().size() + " recipients, WeCom takes at most " + MAX_RECIPIENTS + " per call");
            }
            targets = targets(message);
            if (targets.byId.isEmpty()) {
                return new SendResult.PermanentFailure("no-wecom-recipient",
                        "no recipient is an external contact of corp " + settings.corpId());
            }
            ArrayNode ids = body.putArray("external_userid");
            targets.byId.keySet().forEach(ids::add);
        } else {
            if (message.groupChatIds().size() > MAX_CHATS) {
                return new SendResult.PermanentFailure("too-many-chats",
                        message.groupChatIds().size() + " group chats, WeCom takes at most " + MAX_CHATS + " per call");
            }
            ArrayNode ids = body.putArray("chat_id_list");
            message.groupChatIds().forEach(ids::add);
        }
        body.put("sender", sender);
        body.put("allow_select", false);
        SendResult.PermanentFailure contentProblem = MessageJson.fill(body, message.content());
        if (contentProblem != null) {
            return contentProblem;
        }
        ApiResult result = api.post("/externalcontact/add_msg_template", body);
        if (!(result instanceof ApiResult.Ok ok)) {
            return failure(result);
        }
        String msgid = ok.body().path("msgid").asText("");
        if (msgid.isEmpty()) {
            return new SendResult.TransientFailure(null, "add_msg_template answered without a msgid", null);
        }
        List<ChannelIdentity> rejected = new ArrayList<>();
        if (targets != null) {
            for (JsonNode failed : ok.body().path("fail_list")) {
                ChannelIdentity id = targets.byId.get(failed.asText());
                rejected.add(id != null ? id
                        : ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, settings.corpId(), failed.asText()));
            }
            rejected.addAll(targets.foreign);
        }
        return new SendResult.Accepted(msgid, rejected);
    }

    /** The recipients WeCom can address (external_userid of this corp), and the others. */
    private record Targets(Map<String, ChannelIdentity> byId, List<ChannelIdentity> foreign) {
    }

    private Targets targets(OutboundMessage message) {
        Map<String, ChannelIdentity> byId = new LinkedHashMap<>();
        List<ChannelIdentity> foreign = new ArrayList<>();
        for (ChannelIdentity r : message.recipients()) {
            boolean ours = r.type() == IdentityType.WECOM_EXTERNAL_USERID
                    && (r.namespace().isEmpty() || r.namespace().equals(settings.corpId()));
            if (ours) {
                byId.putIfAbsent(r.value(), r);
            } else {
                foreign.add(r);
            }
        }
        return new Targets(byId, foreign);
    }

    private SendResult sendWelcome(OutboundMessage message) {
        String code = message.options().get(WELCOME_CODE_OPTION);
        if (code == null || code.isBlank()) {
            return new SendResult.PermanentFailure("welcome-code-required",
                    "a WeCom welcome message needs option " + WELCOME_CODE_OPTION + " from the add-contact callback");
        }
        ObjectNode body = api.mapper().createObjectNode();
        body.put("welcome_code", code);
        SendResult.PermanentFailure contentProblem = MessageJson.fill(body, message.content());
        if (contentProblem != null) {
            return contentProblem;
        }
        ApiResult result = api.post("/externalcontact/send_welcome_msg", body);
        // the platform gives welcome messages no id; a success means the customer has it
        return result.ok() ? SendResult.Accepted.of(null) : failure(result);
    }

    /** The kit's classification, with the remaining block window as the retry hint of a 45009. */
    private SendResult failure(ApiResult result) {
        SendResult f = api.errors().failure(result);
        if (f instanceof SendResult.TransientFailure t && "45009".equals(t.providerCode())) {
            Instant until = api.rateLimitedUntil();
            Duration wait = until == null ? t.retryAfter() : Duration.between(clock.instant(), until);
            return new SendResult.TransientFailure(t.providerCode(), t.message(),
                    wait == null || wait.isNegative() ? Duration.ZERO : wait);
        }
        return f;
    }

    // ------------------------------------------------------------------ in-flight check

    @Override
    public boolean canCheckInFlight() {
        return true;
    }

    /**
     * WeCom takes no client reference, so a lost {@code add_msg_template} is looked for by
     * <em>sender, time and content</em>: {@code get_groupmsg_list_v2} lists the sender's
     * enterprise mass messages created since shortly before the attempt, and one with the same text
     * and attachment types is a candidate. Chunks of one large mass message share sender and
     * content, so a candidate must also have been addressed to recipients of this message only
     * ({@code get_groupmsg_send_result} lists them, before and after confirmation); recipients of
     * this message it does not list were in its {@code fail_list}.
     *
     * <p>Welcome messages are never looked for: a welcome code works once, so sending again cannot
     * duplicate one (the provider answers 41051).
     */
    @Override
    public Optional<SendResult> checkInFlight(OutboundMessage message, Instant attemptedAt) {
        if (message.kind() != MessageKind.MASS && message.kind() != MessageKind.DIRECT
                && message.kind() != MessageKind.GROUP) {
            return Optional.empty();
        }
        String sender = message.senderStaffId();
        if (sender == null || sender.isBlank() || !(message.content() instanceof MessageContent.Text text)) {
            return Optional.empty(); // send() refuses these before calling the provider
        }
        boolean single = message.kind() != MessageKind.GROUP;
        Instant now = clock.instant();
        Instant from = attemptedAt.minus(IN_FLIGHT_SLACK);
        Instant to = now.plus(IN_FLIGHT_SLACK);
        if (Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
            from = to.minus(Duration.ofDays(31)); // the list covers at most a month
        }
        Set<String> ours = new HashSet<>();
        Targets targets = single ? targets(message) : null;
        if (single) {
            if (targets.byId.isEmpty()) {
                return Optional.empty(); // send() refuses such a message before calling the provider
            }
            ours.addAll(targets.byId.keySet());
        } else {
            ours.addAll(message.groupChatIds());
        }
        List<String> candidates = new ArrayList<>();
        String cursor = "";
        do {
            ObjectNode query = api.mapper().createObjectNode();
            query.put("chat_type", single ? "single" : "group");
            query.put("start_time", from.getEpochSecond());
            query.put("end_time", to.getEpochSecond());
            query.put("creator", sender);
            query.put("filter_type", 0);
            query.put("limit", 100);
            query.put("cursor", cursor);
            ApiResult result = api.post("/externalcontact/get_groupmsg_list_v2", query);
            if (!(result instanceof ApiResult.Ok ok)) {
                return Optional.of(cannotAsk(result));
            }
            for (JsonNode g : ok.body().path("group_msg_list")) {
                if (sameContent(g, text)) {
                    candidates.add(g.path("msgid").asText());
                }
            }
            cursor = ok.body().path("next_cursor").asText("");
        } while (!cursor.isEmpty());

        for (String msgid : candidates) {
            Set<String> addressed = new HashSet<>();
            Optional<SendResult> problem = collectTargets(msgid, sender, single, addressed);
            if (problem.isPresent()) {
                return problem;
            }
            boolean match = ours.containsAll(addressed) && (!addressed.isEmpty() || candidates.size() == 1);
            if (match) {
                List<ChannelIdentity> rejected = new ArrayList<>();
                if (single) {
                    targets.byId.forEach((id, identity) -> {
                        if (!addressed.contains(id)) {
                            rejected.add(identity);
                        }
                    });
                    rejected.addAll(targets.foreign);
                }
                return Optional.of(new SendResult.Accepted(msgid, rejected));
            }
        }
        return Optional.empty();
    }

    private boolean sameContent(JsonNode listed, MessageContent.Text text) {
        String content = listed.path("text").path("content").asText("");
        if (!content.equals(text.text())) {
            return false;
        }
        // the provider may rewrite attachment details (media ids), so only their kinds and order are compared
        JsonNode attachments = listed.path("attachments");
        if (attachments.size() != text.attachments().size()) {
            return false;
        }
        ObjectNode expected = api.mapper().createObjectNode();
        MessageJson.fill(expected, text);
        for (int i = 0; i < attachments.size(); i++) {
            if (!attachments.get(i).path("msgtype").asText().equals(expected.path("attachments").path(i).path("msgtype").asText())) {
                return false;
            }
        }
        return true;
    }

    private Optional<SendResult> collectTargets(String msgid, String sender, boolean single, Set<String> into) {
        String cursor = "";
        do {
            ObjectNode query = api.mapper().createObjectNode();
            query.put("msgid", msgid);
            query.put("userid", sender);
            query.put("limit", 1000);
            query.put("cursor", cursor);
            ApiResult result = api.post("/externalcontact/get_groupmsg_send_result", query);
            if (!(result instanceof ApiResult.Ok ok)) {
                return Optional.of(cannotAsk(result));
            }
            for (JsonNode r : ok.body().path("send_list")) {
                into.add(r.path(single ? "external_userid" : "chat_id").asText());
            }
            cursor = ok.body().path("next_cursor").asText("");
        } while (!cursor.isEmpty());
        return Optional.empty();
    }

    /** Whatever the provider said, asking failed: ask again later rather than risk a second send. */
    private SendResult cannotAsk(ApiResult result) {
        SendResult f = failure(result);
        if (f instanceof SendResult.TransientFailure) {
            return f;
        }
        SendResult.PermanentFailure p = (SendResult.PermanentFailure) f;
        return new SendResult.TransientFailure(p.providerCode(), "cannot look the message up: " + p.message(), null);
    }

    // ------------------------------------------------------------------ the rest of the SPI

    @Override
    public Optional<RecipientScope> recipientScope() {
        return Optional.of(new RecipientScope(IdentityType.WECOM_EXTERNAL_USERID, settings.corpId()));
    }

    @Override
    public ChannelHealth health() {
        return api.health();
    }

    @Override
    public Optional<InboundCallback> inboundCallback() {
        return Optional.of(callback);
    }

    @Override
    public Optional<ChannelCodes> channelCodes() {
        return Optional.of(channelCodes);
    }

    @Override
    public Optional<io.siyu.api.channel.CorpTags> corpTags() {
        return Optional.of(corpTags);
    }

    @Override
    public Optional<io.siyu.api.channel.ExternalContacts> externalContacts() {
        return Optional.of(contacts);
    }

    @Override
    public Optional<io.siyu.api.channel.GroupChats> groupChats() {
        return Optional.of(groupChats);
    }

    @Override
    public Optional<io.siyu.api.channel.GroupChatStatistics> groupChatStatistics() {
        return Optional.of(groupChatStatistics);
    }

    @Override
    public Optional<io.siyu.api.channel.Moments> moments() {
        return Optional.of(moments);
    }

    /** {@code remind_groupmsg_send}; WeCom refuses a fourth reminder within 24 hours (40058). */
    @Override
    public Optional<io.siyu.api.channel.MassMessageReminders> massMessageReminders() {
        return Optional.of(reminders);
    }

    @Override
    public Optional<io.siyu.api.channel.CustomerTransfers> customerTransfers() {
        return Optional.of(transfers);
    }

    WeComApi api() {
        return api;
    }

    @Override
    public String toString() {
        return "WeComAdapter[" + descriptor.key() + "]";
    }
}
