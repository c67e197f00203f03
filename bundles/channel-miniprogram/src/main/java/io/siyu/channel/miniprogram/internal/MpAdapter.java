package io.siyu.channel.miniprogram.internal;

import io.siyu.api.channel.RecipientScope;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.FieldError;
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
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.policy.SubscriptionGrants;
import io.siyu.channel.kit.AccessTokens;
import io.siyu.channel.kit.ApiResult;
import io.siyu.channel.kit.ProviderErrors;
import io.siyu.channel.kit.WxApiClient;
import io.siyu.channel.kit.core.CoreServices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One mini program as a {@link ChannelAdapter}: subscribe messages ({@code message/subscribe/send},
 * one user per call) whose data is checked against the platform's rules before anything is queued
 * ({@link SubscribeData}), sent only on a grant the user gave for that template ({@link Grants}) and
 * using it up; 43101 marks the grant gone. The mini program's own events come in through
 * {@link MpIngest}.
 *
 * <p>The platform has no client message id and no lookup, so a send in flight when a node dies is
 * sent again (at least once); a second copy would find the grant used and answer 43101.
 */
final class MpAdapter implements ChannelAdapter {
    static final String TYPE = "miniprogram";
    static final String SEND = "/message/subscribe/send";
    /** Answers of the token fetch meaning the set-up is wrong (AppID, AppSecret, IP whitelist). */
    static final Set<Integer> CREDENTIAL_ERRORS = Set.of(40001, 40002, 40013, 40125, 40164, 41002, 41004, 89503);
    static final Duration RECENT = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(MpAdapter.class.getName());

    private record LastError(String text, Instant at) {
    }

    private final MpSettings settings;
    /**
     * Events through the same batch ingestion as the REST API, one-time subscription grants per
     * template and acceptance counted by the core ({@link Grants}) for the customer an openid belongs to. No delivery
     * reports: MpComponent binds none.
     */
    private final CoreServices services;
    private final Clock clock;
    private final ChannelDescriptor descriptor;
    private final WxApiClient client;
    private final AccessTokens tokens;
    private final ProviderErrors errors = ProviderErrors.defaults();
    private final Grants grants;
    private final MpIngest ingest;
    private volatile LastError lastError;
    private volatile boolean credentialsRefused;

    MpAdapter(MpSettings settings, CoreServices services, Clock clock) {
        this.settings = settings;
        this.services = services;
        this.clock = clock;
        this.descriptor = new ChannelDescriptor(TYPE, settings.account(), "WeChat mini program " + settings.account(),
                Set.of(ChannelCapability.TEMPLATE_MESSAGE, ChannelCapability.INBOUND_CALLBACKS),
                new ChannelLimits(1, 0, Duration.ZERO, 0));
        this.client = new WxApiClient(settings.cgiBin(), Duration.ofSeconds(5), Duration.ofSeconds(15));
        this.tokens = AccessTokens.officialAccount(client, settings.appId(), settings.secret(), clock);
        this.grants = new Grants(settings.appId());
        this.ingest = new MpIngest(settings, services, grants, descriptor.key(), clock);
    }

    @Override
    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public List<FieldError> validate(OutboundMessage message) {
        List<FieldError> problems = new ArrayList<>();
        if (message.kind() != MessageKind.TEMPLATE) {
            problems.add(FieldError.of("kind", descriptor.key() + " sends subscribe messages: kind template, not "
                    + message.kind().name().toLowerCase(Locale.ROOT)));
        }
        for (int i = 0; i < message.recipients().size(); i++) {
            if (!isOwnOpenid(message.recipients().get(i))) {
                problems.add(FieldError.of("recipients[" + i + "]", "a subscribe message goes to an openid of "
                        + settings.appId() + " (type mp, namespace " + settings.appId() + ")"));
            }
        }
        if (message.content() instanceof MessageContent.Template t) {
            problems.addAll(SubscribeData.problems(t.data()));
            String page = page(t);
            if (page != null && (page.startsWith("/") || page.contains("://") || page.length() > 1024)) {
                problems.add(FieldError.of("template.url", "the page is a path inside the mini program, e.g. "
                        + "pages/order/detail?id=1"));
            }
        } else {
            problems.add(FieldError.of("template", "a subscribe message needs a template id and its data"));
        }
        String state = message.options().get(TYPE + ".state");
        if (state != null && !MpSettings.STATES.contains(state)) {
            problems.add(FieldError.of("options." + TYPE + ".state", "is developer, trial or formal"));
        }
        return problems;
    }

    private boolean isOwnOpenid(ChannelIdentity r) {
        return r.type() == IdentityType.MINIPROGRAM_OPENID && settings.appId().equals(r.namespace())
                && !r.value().isBlank();
    }

    /** Where a tap leads: the mini-program page of the template, else its url (a page path here). */
    static String page(MessageContent.Template t) {
        if (t.miniProgram() != null && !t.miniProgram().page().isBlank()) {
            return t.miniProgram().page();
        }
        return t.url() == null || t.url().isBlank() ? null : t.url().strip();
    }

    @Override
    public SendResult send(OutboundMessage message) {
        try {
            if (!TYPE.equals(message.channelType()) || !settings.account().equals(message.channelAccount())) {
                return new SendResult.PermanentFailure("siyu.channel",
                        "message for " + message.channelKey() + " handed to " + descriptor.key());
            }
            List<FieldError> invalid = validate(message);
            if (!invalid.isEmpty()) {
                return new SendResult.PermanentFailure("siyu.invalid",
                        invalid.get(0).field() + " " + invalid.get(0).message());
            }
            if (message.recipients().size() != 1) {
                return new SendResult.PermanentFailure("siyu.recipients",
                        "a subscribe message goes to one user per call, not " + message.recipients().size());
            }
            return sendOne(message, message.recipients().get(0), (MessageContent.Template) message.content());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "mini program " + settings.account() + ": send failed", e);
            return new SendResult.TransientFailure(null, "adapter error: " + e.getClass().getSimpleName(), null);
        }
    }

    private SendResult sendOne(OutboundMessage message, ChannelIdentity openid, MessageContent.Template t) {
        CustomerService customers = services.customers();
        SubscriptionGrants subscriptions = services.subscriptionGrants();
        if (customers == null || subscriptions == null) {
            return new SendResult.TransientFailure(null, "the customer or subscription grant service is not running",
                    Duration.ofSeconds(30));
        }
        if (grants.left(customers, subscriptions, openid, t.templateId()) == 0) {
            return new SendResult.PermanentFailure("siyu.no-subscription", "the user has no subscription for template "
                    + t.templateId() + ": it was never accepted in the mini program, or was used or refused since");
        }
        ObjectNode body = client.mapper().createObjectNode();
        body.put("touser", openid.value());
        body.put("template_id", t.templateId());
        String page = page(t);
        if (page != null) {
            body.put("page", page);
        }
        body.put("miniprogram_state", message.options().getOrDefault(TYPE + ".state", settings.miniprogramState()));
        body.put("lang", message.options().getOrDefault(TYPE + ".lang", settings.lang()));
        ObjectNode data = body.putObject("data");
        t.data().forEach((k, v) -> data.putObject(k).put("value", v));

        boolean[] reached = {false};
        ApiResult result = tokens.call(token -> {
            reached[0] = true;
            return client.post(SEND, Map.of("access_token", token), body);
        });
        Instant now = clock.instant();
        if (result instanceof ApiResult.Ok ok) {
            credentialsRefused = false;
            grants.used(customers, subscriptions, openid, t.templateId(), message.idempotencyKey(), now);
            String msgid = ok.body().path("msgid").asText("");
            return SendResult.Accepted.of(msgid.isEmpty() ? null : msgid);
        }
        note(reached[0] ? SEND : "token", result, !reached[0]);
        if (result instanceof ApiResult.ProviderError e && e.errcode() == 43101) {
            grants.gone(customers, subscriptions, openid, t.templateId(), now);
        }
        SendResult mapped = errors.failure(result);
        if (!reached[0]) {
            // no token: the account's set-up or the token endpoint, never the message's
            String code = mapped instanceof SendResult.PermanentFailure p ? p.providerCode()
                    : ((SendResult.TransientFailure) mapped).providerCode();
            return new SendResult.TransientFailure(code, "no access token: " + describe(result), Duration.ofMinutes(1));
        }
        return mapped;
    }

    private void note(String where, ApiResult result, boolean tokenFailure) {
        if (tokenFailure) {
            credentialsRefused = result instanceof ApiResult.ProviderError e && CREDENTIAL_ERRORS.contains(e.errcode());
        }
        lastError = new LastError(where + ": " + describe(result), clock.instant());
    }

    static String describe(ApiResult result) {
        if (result instanceof ApiResult.ProviderError e) {
            return e.errcode() + " " + e.errmsg();
        }
        if (result instanceof ApiResult.HttpFailure h) {
            return "HTTP " + h.status();
        }
        if (result instanceof ApiResult.TransportFailure t) {
            return t.kind().name().toLowerCase(Locale.ROOT) + (t.message().isEmpty() ? "" : " " + t.message());
        }
        return "ok";
    }

    /** Subscribe messages go to the mini program's own openids. */
    @Override
    public Optional<RecipientScope> recipientScope() {
        return Optional.of(new RecipientScope(IdentityType.MINIPROGRAM_OPENID, settings.appId()));
    }

    @Override
    public ChannelHealth health() {
        LastError last = lastError;
        Duration age = tokens.age();
        ChannelHealth.Status status = credentialsRefused && age == null ? ChannelHealth.Status.DOWN
                : last != null && last.at().plus(RECENT).isAfter(clock.instant()) ? ChannelHealth.Status.DEGRADED
                        : ChannelHealth.Status.UP;
        return new ChannelHealth(status, age, last == null ? null : last.text(), last == null ? null : last.at(), null);
    }

    @Override
    public Optional<InboundCallback> inboundCallback() {
        return Optional.of(ingest);
    }

    @Override
    public String toString() {
        return "MpAdapter[" + settings + "]";
    }
}
