package io.siyu.channel.wecom.internal;

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
 * The WeCom API for one account: every call goes through the token cache (refreshed and retried
 * once on 40014 / 42001 / 40001) and is remembered for {@link #health}, which therefore never
 * calls the provider itself.
 */
final class WeComApi {
    /** Answers meaning the account cannot work until someone fixes its setup. */
    static final Set<Integer> SETUP_ERRORS = Set.of(40001, 40013, 41004, 48002, 40014, 42001);
    /** An error newer than this keeps the account DEGRADED. */
    static final Duration RECENT = Duration.ofMinutes(5);

    private final WxApiClient client;
    private final AccessTokens tokens;
    private final ProviderErrors errors;
    private final Clock clock;

    // the account's recent history, for health()
    private volatile Instant rateLimitedUntil;
    private volatile LastError lastError;
    private volatile Instant lastOkAt;

    /** @param setup whether it means the account's setup is wrong or the provider unreachable */
    private record LastError(String message, Instant at, boolean setup) {
    }

    WeComApi(WeComSettings settings, Clock clock) {
        this(new WxApiClient(settings.cgiBin(), Duration.ofSeconds(5), Duration.ofSeconds(15)), settings, clock);
    }

    WeComApi(WxApiClient client, WeComSettings settings, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.tokens = AccessTokens.wecom(client, settings.corpId(), settings.secret(), clock);
        this.errors = ProviderErrors.defaults();
    }

    ProviderErrors errors() {
        return errors;
    }

    com.fasterxml.jackson.databind.ObjectMapper mapper() {
        return client.mapper();
    }

    /** {@code POST /cgi-bin/<path>?access_token=…} with a JSON body. */
    ApiResult post(String path, Object body) {
        Instant now = clock.instant();
        if (rateLimitedAt(now)) {
            // the provider would refuse it and, for a blocked caller, may extend the block
            return new ApiResult.ProviderError(45009, "api freq out of limit (blocked until " + rateLimitedUntil + ")");
        }
        return record(tokens.call(token -> client.post(path, Map.of("access_token", token), body)));
    }

    /** {@code GET /cgi-bin/<path>?access_token=…&query}. */
    ApiResult get(String path, Map<String, String> query) {
        Instant now = clock.instant();
        if (rateLimitedAt(now)) {
            return new ApiResult.ProviderError(45009, "api freq out of limit (blocked until " + rateLimitedUntil + ")");
        }
        return record(tokens.call(token -> {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("access_token", token);
            return client.get(path, q);
        }));
    }

    private boolean rateLimitedAt(Instant now) {
        Instant until = rateLimitedUntil;
        return until != null && now.isBefore(until);
    }

    private ApiResult record(ApiResult result) {
        Instant now = clock.instant();
        if (result.ok()) {
            lastOkAt = now;
            return result;
        }
        String describe;
        boolean setup = false;
        if (result instanceof ApiResult.ProviderError e) {
            describe = e.errcode() + " " + e.errmsg();
            setup = SETUP_ERRORS.contains(e.errcode());
            if (e.errcode() == 45009) {
                rateLimitedUntil = now.plus(ProviderErrors.FREQUENCY_BLOCK);
            }
        } else if (result instanceof ApiResult.HttpFailure h) {
            describe = "HTTP " + h.status();
            setup = true;
        } else {
            ApiResult.TransportFailure t = (ApiResult.TransportFailure) result;
            describe = t.kind().name().toLowerCase(java.util.Locale.ROOT) + (t.message().isEmpty() ? "" : ": " + t.message());
            setup = true;
        }
        lastError = new LastError(WxApiClient.mask(describe), now, setup);
        return result;
    }

    /** When the provider's current block window ends; null when not blocked. */
    Instant rateLimitedUntil() {
        Instant until = rateLimitedUntil;
        return until != null && clock.instant().isBefore(until) ? until : null;
    }

    io.siyu.api.channel.ChannelHealth health() {
        Instant now = clock.instant();
        Instant limited = rateLimitedUntil();
        LastError error = lastError;
        Instant errorAt = error == null ? null : error.at();
        Instant okAt = lastOkAt;
        boolean errorIsLatest = errorAt != null && (okAt == null || errorAt.isAfter(okAt));
        io.siyu.api.channel.ChannelHealth.Status status;
        if (errorIsLatest && error.setup()) {
            // bad credentials, no permission, or the provider cannot be reached
            status = io.siyu.api.channel.ChannelHealth.Status.DOWN;
        } else if (limited != null || errorAt != null && Duration.between(errorAt, now).compareTo(RECENT) < 0) {
            status = io.siyu.api.channel.ChannelHealth.Status.DEGRADED;
        } else {
            status = io.siyu.api.channel.ChannelHealth.Status.UP;
        }
        return new io.siyu.api.channel.ChannelHealth(status, tokens.age(), error == null ? null : error.message(),
                errorAt, limited);
    }
}
