package io.siyu.channel.wechatoa.internal;

import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.SendResult;
import io.siyu.channel.kit.AccessTokens;
import io.siyu.channel.kit.ApiResult;
import io.siyu.channel.kit.ProviderErrors;
import io.siyu.channel.kit.WxApiClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The account's side of the Official Account API: the kit's client and token cache, and what the
 * calls taught about the account's health (last error, block window after 45009, whether the
 * credentials work). Every call carries a token and is repeated once with a fresh one when the
 * platform calls the token bad, inside {@link AccessTokens#call}. Thread-safe.
 */
final class OaApi {
    /** Answers of the token fetch meaning the account's set-up is wrong, not that the platform is busy. */
    static final Set<Integer> CREDENTIAL_ERRORS = Set.of(40001, 40002, 40013, 40125, 40164, 41002, 41004, 89503);
    /** How long an error keeps the account DEGRADED in the health report. */
    static final Duration RECENT = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    /** The last failure, as shown in health: no tokens, no secrets (the kit masks them). */
    private record LastError(String text, Instant at) {
    }

    private final WxApiClient client;
    /** The datacube (statistics) API lives next to cgi-bin, not below it. */
    private final WxApiClient datacube;
    private final AccessTokens tokens;
    private final Clock clock;
    private final ProviderErrors errors = ProviderErrors.defaults();
    private volatile LastError lastError;
    private volatile Instant rateLimitedUntil;
    /** The last token fetch failed with a credential error: nothing can be sent until the set-up is fixed. */
    private volatile boolean credentialsRefused;

    OaApi(OaSettings settings, Clock clock) {
        this(new WxApiClient(settings.cgiBin(), CONNECT_TIMEOUT, READ_TIMEOUT), settings, clock);
    }

    OaApi(WxApiClient client, OaSettings settings, Clock clock) {
        this.client = client;
        this.datacube = new WxApiClient(settings.apiBase() + "/datacube", CONNECT_TIMEOUT, READ_TIMEOUT, client.mapper());
        this.clock = clock;
        this.tokens = AccessTokens.officialAccount(client, settings.appId(), settings.appSecret(), clock);
    }

    WxApiClient client() {
        return client;
    }

    ProviderErrors errors() {
        return errors;
    }

    /** {@code GET /cgi-bin/<path>?access_token=…&query}. */
    Outcome get(String path, Map<String, String> query) {
        return call(path, token -> client.get(path, withToken(token, query)));
    }

    /** {@code POST /cgi-bin/<path>?access_token=…} with a JSON body. */
    Outcome post(String path, Object body) {
        return call(path, token -> client.post(path, Map.of("access_token", token), body));
    }

    /** {@code POST /datacube/<path>?access_token=…} with a JSON body. */
    Outcome postDatacube(String path, Object body) {
        return call("/datacube" + path, token -> datacube.post(path, Map.of("access_token", token), body));
    }

    /**
     * One call's result, and whether it failed before the API was reached because no token could be
     * had. Such a failure is the account's set-up (or the token endpoint), never the message's.
     */
    record Outcome(ApiResult result, boolean tokenFailure) {
        boolean ok() {
            return result instanceof ApiResult.Ok;
        }
    }

    private Outcome call(String path, java.util.function.Function<String, ApiResult> apiCall) {
        Instant blocked = rateLimitedUntil();
        if (blocked != null) {
            // calling during the block only prolongs it
            return new Outcome(new ApiResult.ProviderError(45009, "frequency limit, not called until " + blocked),
                    false);
        }
        boolean[] reached = {false};
        ApiResult result = tokens.call(token -> {
            reached[0] = true;
            return apiCall.apply(token);
        });
        boolean tokenFailure = !reached[0];
        note(path, result, tokenFailure);
        return new Outcome(result, tokenFailure);
    }

    private static Map<String, String> withToken(String token, Map<String, String> query) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("access_token", token);
        if (query != null) {
            q.putAll(query);
        }
        return q;
    }

    /**
     * What a failure means for a send. A token that cannot be had is always transient: a wrong
     * AppSecret or IP whitelist is fixed by an operator, and messages queued meanwhile must not fail
     * for good; the health report says DOWN instead.
     */
    SendResult failure(Outcome outcome) {
        SendResult mapped = errors.failure(outcome.result());
        Instant blocked = rateLimitedUntil();
        if (blocked != null && mapped instanceof SendResult.TransientFailure t && "45009".equals(t.providerCode())) {
            // what is left of the block, not a whole window again
            return new SendResult.TransientFailure(t.providerCode(), t.message(),
                    Duration.between(clock.instant(), blocked));
        }
        if (!outcome.tokenFailure()) {
            return mapped;
        }
        String code = mapped instanceof SendResult.PermanentFailure p ? p.providerCode()
                : ((SendResult.TransientFailure) mapped).providerCode();
        String message = mapped instanceof SendResult.PermanentFailure p ? p.message()
                : ((SendResult.TransientFailure) mapped).message();
        return new SendResult.TransientFailure(code, "no access token: " + message, Duration.ofMinutes(1));
    }

    private void note(String path, ApiResult result, boolean tokenFailure) {
        Instant now = clock.instant();
        if (result instanceof ApiResult.Ok) {
            credentialsRefused = false;
            return;
        }
        if (tokenFailure) {
            credentialsRefused = result instanceof ApiResult.ProviderError e && CREDENTIAL_ERRORS.contains(e.errcode());
        }
        if (result instanceof ApiResult.ProviderError e && e.errcode() == 45009) {
            rateLimitedUntil = now.plus(ProviderErrors.FREQUENCY_BLOCK);
        }
        lastError = new LastError((tokenFailure ? "token" : path) + ": " + describe(result), now);
    }

    static String describe(ApiResult result) {
        if (result instanceof ApiResult.ProviderError e) {
            return e.errcode() + " " + e.errmsg();
        }
        if (result instanceof ApiResult.HttpFailure h) {
            return "HTTP " + h.status();
        }
        if (result instanceof ApiResult.TransportFailure t) {
            return t.kind().name().toLowerCase(java.util.Locale.ROOT) + (t.message().isEmpty() ? "" : " " + t.message());
        }
        return "ok";
    }

    /** When the block window of a 45009 ends, or null when not blocked now. */
    Instant rateLimitedUntil() {
        Instant until = rateLimitedUntil;
        return until != null && clock.instant().isBefore(until) ? until : null;
    }

    ChannelHealth health() {
        Instant now = clock.instant();
        LastError last = lastError;
        Instant blocked = rateLimitedUntil();
        Duration tokenAge = tokens.age();
        ChannelHealth.Status status;
        if (credentialsRefused && tokenAge == null) {
            status = ChannelHealth.Status.DOWN;
        } else if (blocked != null || last != null && last.at().plus(RECENT).isAfter(now)) {
            status = ChannelHealth.Status.DEGRADED;
        } else {
            status = ChannelHealth.Status.UP;
        }
        return new ChannelHealth(status, tokenAge, last == null ? null : last.text(), last == null ? null : last.at(),
                blocked);
    }
}
