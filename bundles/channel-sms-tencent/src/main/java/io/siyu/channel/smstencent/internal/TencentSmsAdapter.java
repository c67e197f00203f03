package io.siyu.channel.smstencent.internal;

import io.siyu.api.channel.RecipientScope;
import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.InboundCallback;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.channel.kit.sms.SmsHealth;
import io.siyu.channel.kit.sms.SmsRecipients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Tencent Cloud SMS account as a {@link ChannelAdapter}: {@link MessageKind#TEMPLATE} messages
 * whose template data are the positional parameters {@code "1"…"n"}, to phone identities (E.164),
 * at most {@value #MAX_NUMBERS} per call. Mainland and international numbers go in separate calls,
 * since Tencent Cloud refuses to mix them. Every number's {@code SendStatusSet} entry becomes that
 * recipient's result ({@link TencentCodes}); the outbox keeps each number's SerialNo, which status
 * reports name.
 *
 * <p>SendSms has no idempotency key and no look-up by our reference right after a send, so an
 * in-flight call cut short is sent again: at least once (docs/channels.md).
 */
final class TencentSmsAdapter implements ChannelAdapter {
    static final String TYPE = "sms-tencent";
    static final int MAX_NUMBERS = 200;
    /** The signature of the content-library template the core resolved the message from, if it has one. */
    static final String SIGN_NAME = TYPE + ".signName";
    private static final Logger LOG = Logger.getLogger(TencentSmsAdapter.class.getName());

    private final TencentSmsSettings settings;
    private final TencentSmsApi api;
    private final ChannelDescriptor descriptor;
    private final TencentSmsCallback callback;
    private final Clock clock;
    private final SmsHealth health = new SmsHealth();

    TencentSmsAdapter(TencentSmsSettings settings, TencentSmsApi api, TencentSmsCallback callback, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.callback = callback;
        this.clock = clock;
        this.descriptor = new ChannelDescriptor(TYPE, settings.account(), "Tencent Cloud SMS " + settings.account(),
                Set.of(ChannelCapability.TEMPLATE_MESSAGE, ChannelCapability.INBOUND_CALLBACKS),
                new ChannelLimits(MAX_NUMBERS, 0, Duration.ZERO,
                        (int) Math.min(Integer.MAX_VALUE, Math.round(settings.callsPerSecond() * 60))));
    }

    @Override
    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public int maxRecipientsPerCall(MessageKind kind) {
        return MAX_NUMBERS;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        try {
            if (!TYPE.equals(message.channelType()) || !settings.account().equals(message.channelAccount())) {
                return new SendResult.PermanentFailure("siyu.channel",
                        "message for " + message.channelKey() + " handed to " + descriptor.key());
            }
            if (message.kind() != MessageKind.TEMPLATE) {
                return new SendResult.PermanentFailure("siyu.kind", "Tencent Cloud SMS sends approved templates only ("
                        + "kind template), not " + message.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
            MessageContent.Template template = (MessageContent.Template) message.content();
            List<String> params = positional(template.data());
            if (params == null) {
                return new SendResult.PermanentFailure("siyu.template", "Tencent Cloud templates take positional "
                        + "parameters: data keys must be 1, 2, … n without gaps, not " + template.data().keySet());
            }
            return send(message, template.templateId(), params, message.options().get(SIGN_NAME));
        } catch (RuntimeException e) {
            // a bug, not the provider: the outbox retries, the log says what happened
            LOG.log(Level.WARNING, "Tencent Cloud SMS " + settings.account() + ": send failed", e);
            return new SendResult.TransientFailure(null, "adapter error: " + e.getClass().getSimpleName(), null);
        }
    }

    private SendResult send(OutboundMessage message, String templateId, List<String> params, String signName) {
        Map<ChannelIdentity, SendResult> results = new LinkedHashMap<>();
        String requestId = null;
        for (Map<String, List<ChannelIdentity>> group : SmsRecipients.byRegion(message.recipients(), results)) {
            String id = call(group, templateId, params, signName, message.idempotencyKey(), results);
            requestId = requestId == null ? id : requestId;
        }
        return SmsRecipients.summary(requestId, results);
    }

    /** One SendSms for numbers of one kind; fills each recipient's result and answers the RequestId. */
    private String call(Map<String, List<ChannelIdentity>> numbers, String templateId, List<String> params,
            String signName, String key, Map<ChannelIdentity, SendResult> results) {
        Instant now = clock.instant();
        TencentSmsApi.Answer answer = api.sendSms(List.copyOf(numbers.keySet()), templateId, params, signName, key);
        if (answer instanceof TencentSmsApi.NoAnswer none) {
            note(null, "SendSms: " + none.detail(), now);
            // SendSms cannot be asked about later: the outbox sends again, and the call may have gone out
            LOG.warning(() -> "Tencent Cloud SMS " + settings.account() + ": SendSms for " + numbers.size()
                    + " number(s) got no answer (" + none.detail() + "); it is sent again and may arrive twice");
            SendResult failed = new SendResult.TransientFailure(null, none.detail(), null);
            numbers.values().forEach(rs -> rs.forEach(r -> results.put(r, failed)));
            return null;
        }
        if (answer instanceof TencentSmsApi.Refused refused) {
            SendResult failed = TencentCodes.call(refused.code(), refused.message(), now);
            note(refused.code(), refused.code() + " " + SmsHealth.text(failed), now);
            if (refused.code().startsWith("RequestLimitExceeded")) {
                api.limiter().blockUntil(now.plusSeconds(1));
            }
            numbers.values().forEach(rs -> rs.forEach(r -> results.put(r, failed)));
            return refused.requestId();
        }
        TencentSmsApi.Statuses statuses = (TencentSmsApi.Statuses) answer;
        health.worked();
        Map<String, JsonNode> byNumber = new LinkedHashMap<>();
        for (JsonNode s : statuses.sendStatusSet()) {
            byNumber.putIfAbsent(s.path("PhoneNumber").asText(""), s);
        }
        for (Map.Entry<String, List<ChannelIdentity>> e : numbers.entrySet()) {
            JsonNode s = byNumber.get(e.getKey());
            SendResult result = s == null
                    ? new SendResult.PermanentFailure("siyu.missing", "Tencent Cloud answered nothing for this number")
                    : TencentCodes.number(s.path("Code").asText(""), s.path("Message").asText(""),
                            s.path("SerialNo").asText(null), now);
            e.getValue().forEach(r -> results.put(r, result));
        }
        return statuses.requestId();
    }

    /** The template's data as Tencent Cloud's positional parameters, or null when the keys are not 1…n. */
    static List<String> positional(Map<String, String> data) {
        TreeMap<Integer, String> ordered = new TreeMap<>();
        for (Map.Entry<String, String> e : data.entrySet()) {
            try {
                ordered.put(Integer.parseInt(e.getKey().strip()), e.getValue());
            } catch (NumberFormatException ex) {
                return null;
            }
        }
        if (!ordered.isEmpty() && (ordered.firstKey() != 1 || ordered.lastKey() != ordered.size())) {
            return null;
        }
        return List.copyOf(ordered.values());
    }

    private void note(String code, String text, Instant at) {
        health.failed(text, at,
                code != null && (TencentCodes.isAuthFailure(code) || code.equals("AuthFailure.SignatureExpire")));
    }

    /** SMS goes to phone numbers, which are not scoped to an account. */
    @Override
    public Optional<RecipientScope> recipientScope() {
        return Optional.of(new RecipientScope(IdentityType.PHONE, ""));
    }

    @Override
    public ChannelHealth health() {
        return health.report(clock.instant(), api.limiter().blockedUntil());
    }

    @Override
    public Optional<InboundCallback> inboundCallback() {
        return Optional.of(callback);
    }

    @Override
    public String toString() {
        return "TencentSmsAdapter[" + settings + "]";
    }
}
