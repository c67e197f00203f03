package io.siyu.channel.smsaliyun.internal;

import io.siyu.api.channel.RecipientScope;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Aliyun SMS account as a {@link ChannelAdapter}: {@link MessageKind#TEMPLATE} messages whose
 * template data become {@code TemplateParam} (named, {@code ${name}} in the template), to phone
 * identities, at most {@value #MAX_NUMBERS} comma-separated numbers per {@code SendSms}; mainland and
 * international numbers in separate calls. A call succeeds or fails as a whole ({@link AliyunCodes});
 * when Aliyun calls one number of a batch illegal ({@code isv.MOBILE_NUMBER_ILLEGAL}), the batch is
 * halved until the bad numbers are alone, so only they fail. The message's key goes as
 * {@code OutId}, which SmsReport returns, so reports find their message.
 *
 * <p>SendSms is not idempotent, so an in-flight call cut short is sent again: at least once.
 */
final class AliyunSmsAdapter implements ChannelAdapter {
    static final String TYPE = "sms-aliyun";
    static final int MAX_NUMBERS = 1000;
    /** The signature of the content-library template the core resolved the message from, if it has one. */
    static final String SIGN_NAME = TYPE + ".signName";
    private static final Logger LOG = Logger.getLogger(AliyunSmsAdapter.class.getName());

    private final AliyunSmsSettings settings;
    private final AliyunSmsApi api;
    private final ChannelDescriptor descriptor;
    private final AliyunSmsCallback callback;
    private final Clock clock;
    private final SmsHealth health = new SmsHealth();

    AliyunSmsAdapter(AliyunSmsSettings settings, AliyunSmsApi api, AliyunSmsCallback callback, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.callback = callback;
        this.clock = clock;
        this.descriptor = new ChannelDescriptor(TYPE, settings.account(), "Aliyun SMS " + settings.account(),
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
                return new SendResult.PermanentFailure("siyu.kind", "Aliyun SMS sends approved templates only (kind "
                        + "template), not " + message.kind().name().toLowerCase(Locale.ROOT));
            }
            MessageContent.Template template = (MessageContent.Template) message.content();
            Map<ChannelIdentity, SendResult> results = new LinkedHashMap<>();
            String bizId = null;
            for (Map<String, List<ChannelIdentity>> group : SmsRecipients.byRegion(message.recipients(), results)) {
                String id = call(List.copyOf(group.keySet()), group, template, message.options().get(SIGN_NAME),
                        message.idempotencyKey(), results);
                bizId = bizId == null ? id : bizId;
            }
            return summary(bizId, results);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Aliyun SMS " + settings.account() + ": send failed", e);
            return new SendResult.TransientFailure(null, "adapter error: " + e.getClass().getSimpleName(), null);
        }
    }

    /** One SendSms for {@code numbers}; halves the batch while Aliyun calls a number in it illegal. */
    private String call(List<String> numbers, Map<String, List<ChannelIdentity>> owners,
            MessageContent.Template template, String signName, String key, Map<ChannelIdentity, SendResult> results) {
        Instant now = clock.instant();
        AliyunSmsApi.Answer answer = api.sendSms(numbers, template.templateId(), template.data(), signName, key);
        if (answer instanceof AliyunSmsApi.Sent sent) {
            health.worked();
            SendResult ok = SendResult.Accepted.of(sent.bizId());
            numbers.forEach(n -> owners.get(n).forEach(r -> results.put(r, ok)));
            return sent.bizId();
        }
        if (answer instanceof AliyunSmsApi.Refused refused && refused.code().equals(AliyunCodes.MOBILE_NUMBER_ILLEGAL)
                && numbers.size() > 1) {
            int half = numbers.size() / 2;
            String first = call(numbers.subList(0, half), owners, template, signName, key, results);
            String second = call(numbers.subList(half, numbers.size()), owners, template, signName, key, results);
            return first != null ? first : second;
        }
        SendResult failed;
        if (answer instanceof AliyunSmsApi.Refused refused) {
            failed = AliyunCodes.failure(refused.code(), refused.message(), now);
            health.failed(refused.code() + " " + SmsHealth.text(failed), now,
                    AliyunCodes.isCredentialFailure(refused.code()) || AliyunCodes.isClockSkew(refused.code()));
            if (refused.code().startsWith("Throttling")) {
                api.limiter().blockUntil(now.plusSeconds(1));
            }
        } else {
            String detail = ((AliyunSmsApi.NoAnswer) answer).detail();
            failed = new SendResult.TransientFailure(null, detail, null);
            health.failed("SendSms: " + detail, now, false);
            // SendSms cannot be asked about later: the outbox sends again, and the call may have gone out
            LOG.warning(() -> "Aliyun SMS " + settings.account() + ": SendSms for " + numbers.size()
                    + " number(s) got no answer (" + detail + "); it is sent again and may arrive twice");
        }
        SendResult result = failed;
        numbers.forEach(n -> owners.get(n).forEach(r -> results.put(r, result)));
        return null;
    }

    /**
     * One result for the outbox ({@link SmsRecipients#summary}), except that every recipient accepted
     * by the same call (one BizId) is that call accepted, without a result for each.
     */
    static SendResult summary(String bizId, Map<ChannelIdentity, SendResult> results) {
        SendResult first = results.values().iterator().next();
        if (first instanceof SendResult.Accepted && results.values().stream().allMatch(r -> r.equals(first))) {
            return SendResult.Accepted.of(bizId);
        }
        return SmsRecipients.summary(bizId, results);
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
        return "AliyunSmsAdapter[" + settings + "]";
    }
}
