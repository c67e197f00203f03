package io.siyu.channel.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.channel.SendResult;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which WeChat / WeCom failures are worth retrying. Transient: system busy (-1), frequency limit
 * (45009), concurrency limit (45033), a token still bad after the refresh-and-retry of
 * {@link AccessTokens#call} (40014 / 42001 / 40001, as {@link SendResult} asks), and every
 * transport failure (HTTP status, timeout, I/O, unreadable answer). Everything else non-zero is
 * permanent: no permission (48002), welcome code used or late (41051), consent gone (43101), bad
 * recipient (40003), out of the app's visible range (81013)… The provider's code and message are
 * kept as they were.
 *
 * <p>Non-2xx HTTP statuses count as transient although only 5xx and 429 usually are: WeChat
 * answers its own errors with 200, so a 4xx comes from a proxy or a wrong base URL, a problem of
 * the account's setup that must not fail every message queued meanwhile. Immutable.
 */
public final class ProviderErrors {
    /** WeCom blocks a caller over the per-minute limit for 60 s. */
    public static final Duration FREQUENCY_BLOCK = Duration.ofSeconds(60);

    private static final ProviderErrors DEFAULTS;

    static {
        Map<Integer, Optional<Duration>> codes = new HashMap<>();
        codes.put(-1, Optional.empty()); // busy: the outbox's own back-off is enough
        codes.put(45009, Optional.of(FREQUENCY_BLOCK));
        codes.put(45033, Optional.empty());
        for (int code : AccessTokens.TOKEN_ERRORS) {
            codes.put(code, Optional.empty());
        }
        DEFAULTS = new ProviderErrors(codes);
    }

    /** errcode → retry-after hint (empty: none) of the transient codes. */
    private final Map<Integer, Optional<Duration>> transientCodes;

    private ProviderErrors(Map<Integer, Optional<Duration>> transientCodes) {
        this.transientCodes = Collections.unmodifiableMap(new HashMap<>(transientCodes));
    }

    public static ProviderErrors defaults() {
        return DEFAULTS;
    }

    /**
     * A copy that also treats {@code errcode} as transient, or changes its hint, e.g. when the
     * provider's block windows change: {@code defaults().withTransient(45009, Duration.ofMinutes(60))}.
     *
     * @param retryAfter null for no hint
     */
    public ProviderErrors withTransient(int errcode, Duration retryAfter) {
        if (errcode == 0) {
            throw new IllegalArgumentException("errcode 0 is success");
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        Map<Integer, Optional<Duration>> codes = new HashMap<>(transientCodes);
        codes.put(errcode, Optional.ofNullable(retryAfter));
        return new ProviderErrors(codes);
    }

    public boolean isTransient(int errcode) {
        return transientCodes.containsKey(errcode);
    }

    /** The failure a non-{@link ApiResult.Ok} result means for a send. */
    public SendResult failure(ApiResult result) {
        Objects.requireNonNull(result, "result");
        if (result instanceof ApiResult.ProviderError e) {
            return failure(e.errcode(), e.errmsg());
        }
        if (result instanceof ApiResult.HttpFailure h) {
            return new SendResult.TransientFailure(null, "HTTP " + h.status(), null);
        }
        if (result instanceof ApiResult.TransportFailure t) {
            String kind = switch (t.kind()) {
                case TIMEOUT -> "timeout";
                case IO -> "I/O error";
                case BAD_RESPONSE -> "unreadable answer";
            };
            return new SendResult.TransientFailure(null, t.message().isEmpty() ? kind : kind + ": " + t.message(), null);
        }
        throw new IllegalArgumentException("not a failure: " + result);
    }

    /** The failure a provider errcode means; {@code errmsg} kept (secrets masked). */
    public SendResult failure(int errcode, String errmsg) {
        if (errcode == 0) {
            throw new IllegalArgumentException("errcode 0 is success");
        }
        String code = Integer.toString(errcode);
        String message = errmsg == null ? "" : WxApiClient.mask(errmsg);
        Optional<Duration> hint = transientCodes.get(errcode);
        if (hint != null) {
            return new SendResult.TransientFailure(code, message, hint.orElse(null));
        }
        return new SendResult.PermanentFailure(code, message);
    }

    /**
     * The whole mapping of one send: {@code accepted} reads an {@link ApiResult.Ok} body
     * (message id, WeCom {@code fail_list}), any failure goes through {@link #failure(ApiResult)}.
     */
    public SendResult toSendResult(ApiResult result,
            Function<JsonNode, SendResult.Accepted> accepted) {
        return result instanceof ApiResult.Ok ok ? accepted.apply(ok.body()) : failure(result);
    }
}
