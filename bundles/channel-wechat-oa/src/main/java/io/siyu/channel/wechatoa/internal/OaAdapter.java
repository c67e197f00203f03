package io.siyu.channel.wechatoa.internal;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelCodes;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.InboundCallback;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.channel.kit.WxApiClient;
import io.siyu.channel.kit.core.CoreServices;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WeChat Official Account as a {@link ChannelAdapter}: template messages
 * ({@code message/template/send}, one follower per call), mass messages by tag ({@link MassSender}),
 * parameter QR codes ({@link OaChannelCodes}) and callbacks ({@link OaCallback}).
 *
 * <p>Recipients are {@link IdentityType#OA_OPENID} identities whose namespace is the account's
 * AppID. Provider errors are returned as {@link SendResult}s classified by the kit; nothing throws.
 */
final class OaAdapter implements ChannelAdapter {
    static final String TYPE = "wechat-oa";
    private static final Logger LOG = Logger.getLogger(OaAdapter.class.getName());

    private final OaSettings settings;
    private final OaApi api;
    private final ChannelDescriptor descriptor;
    private final MassSender mass;
    private final OaCallback callback;
    private final OaChannelCodes codes;
    private final OaAudienceStatistics audience;
    private final Clock clock;

    OaAdapter(OaSettings settings, OaApi api, CoreServices services, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.api = api;
        this.descriptor = descriptor(settings);
        this.mass = new MassSender(settings, api, clock);
        this.callback = new OaCallback(settings, api, services, mass, descriptor.key(), clock);
        this.codes = new OaChannelCodes(settings, api, descriptor.key());
        this.audience = new OaAudienceStatistics(api, descriptor.key());
    }

    static ChannelDescriptor descriptor(OaSettings settings) {
        // template messages take one follower per call (the descriptor's default); mass messages
        // go to a tag, however many followers a call names (see maxRecipientsPerCall)
        ChannelLimits limits = settings.subscription()
                ? new ChannelLimits(1, 1, Duration.ofDays(1), 0)
                : new ChannelLimits(1, settings.massPerMonth(), Duration.ofDays(30), 0);
        return new ChannelDescriptor(TYPE, settings.account(), "WeChat Official Account " + settings.account(),
                Set.of(ChannelCapability.TEMPLATE_MESSAGE, ChannelCapability.MASS_MESSAGE,
                        ChannelCapability.CHANNEL_CODES, ChannelCapability.INBOUND_CALLBACKS),
                limits);
    }

    @Override
    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    /** Mass sends tag their followers 50 per call and send to the tag once: one outbox call carries many. */
    @Override
    public int maxRecipientsPerCall(io.siyu.api.channel.MessageKind kind) {
        return kind == io.siyu.api.channel.MessageKind.MASS ? MASS_RECIPIENTS_PER_CALL : 1;
    }

    static final int MASS_RECIPIENTS_PER_CALL = 10_000;

    @Override
    public SendResult send(OutboundMessage message) {
        try {
            if (!TYPE.equals(message.channelType()) || !settings.account().equals(message.channelAccount())) {
                return new SendResult.PermanentFailure("siyu.channel",
                        "message for " + message.channelKey() + " handed to " + descriptor.key());
            }
            switch (message.kind()) {
                case TEMPLATE:
                    return template(message);
                case MASS:
                    return mass.send(message);
                default:
                    return new SendResult.PermanentFailure("siyu.kind",
                            descriptor.key() + " does not send " + message.kind() + " messages");
            }
        } catch (RuntimeException e) {
            // a bug, not the provider: the outbox retries, the log says what happened
            LOG.log(Level.WARNING, "WeChat OA " + settings.account() + ": send failed", e);
            return new SendResult.TransientFailure(null, "adapter error: " + e.getClass().getSimpleName() + " "
                    + WxApiClient.mask(String.valueOf(e.getMessage())), null);
        }
    }

    private SendResult template(OutboundMessage message) {
        if (message.recipients().size() != 1) {
            return new SendResult.PermanentFailure("siyu.recipients",
                    "a template message goes to one follower per call, not " + message.recipients().size());
        }
        ChannelIdentity recipient = message.recipients().get(0);
        if (!isOwnOpenid(recipient, settings.appId())) {
            return new SendResult.PermanentFailure("siyu.recipient",
                    "the recipient is not an openid of " + settings.appId());
        }
        MessageContent.Template template = (MessageContent.Template) message.content();
        OaApi.Outcome sent = api.post("/message/template/send", OaMessages.template(api.client().mapper(),
                recipient.value(), template, OaMessages.clientMsgId(message.idempotencyKey())));
        if (!sent.ok()) {
            return api.failure(sent);
        }
        String msgid = sent.result().body().path("msgid").asText("");
        return SendResult.Accepted.of(msgid.isEmpty() ? null : msgid);
    }

    static boolean isOwnOpenid(ChannelIdentity identity, String appId) {
        return identity.type() == IdentityType.OA_OPENID && appId.equals(identity.namespace())
                && !identity.value().isBlank();
    }

    @Override
    public Optional<RecipientScope> recipientScope() {
        return Optional.of(new RecipientScope(IdentityType.OA_OPENID, settings.appId()));
    }

    @Override
    public ChannelHealth health() {
        try {
            return api.health();
        } catch (RuntimeException e) {
            return new ChannelHealth(ChannelHealth.Status.DEGRADED, null, "health: " + e.getClass().getSimpleName(),
                    clock.instant(), null);
        }
    }

    @Override
    public Optional<InboundCallback> inboundCallback() {
        return Optional.of(callback);
    }

    @Override
    public Optional<io.siyu.api.channel.AudienceStatistics> audienceStatistics() {
        return Optional.of(audience);
    }

    @Override
    public Optional<ChannelCodes> channelCodes() {
        return Optional.of(codes);
    }

    MassSender mass() {
        return mass;
    }

    @Override
    public String toString() {
        return "OaAdapter[" + settings + "]";
    }
}
