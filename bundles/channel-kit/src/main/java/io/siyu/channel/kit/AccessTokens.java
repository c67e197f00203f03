package io.siyu.channel.kit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One account's access token: fetched on first use, cached until shortly before it expires,
 * refreshed by one caller while the others wait for the same answer (the providers count token
 * fetches against a daily quota), and dropped when the provider calls it invalid or expired.
 * Thread-safe; time comes from the injected {@link Clock}.
 */
public final class AccessTokens {
    /** The provider's answers meaning "this token is no good": invalid, expired, invalid credential. */
    public static final Set<Integer> TOKEN_ERRORS = Set.of(40014, 42001, 40001);
    /** WeChat's documented lifetime, for answers that leave {@code expires_in} out. */
    static final long DEFAULT_EXPIRES_IN = 7200;
    private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    /** A token that could not be had; carries what the fetch answered. */
    public static final class TokenUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ApiResult failure;

        TokenUnavailable(ApiResult failure) {
            super("access token unavailable: " + failure, null, false, false);
            this.failure = failure;
        }

        public ApiResult failure() {
            return failure;
        }
    }

    private record Token(String value, Instant fetchedAt, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[***, fetchedAt=" + fetchedAt + "]";
        }
    }

    private final Supplier<ApiResult> fetcher;
    private final Clock clock;
    private volatile Token current;
    private CompletableFuture<Token> inflight; // guarded by this

    /**
     * @param fetcher one token request, answering {@code {"access_token","expires_in"}} when it works
     */
    public AccessTokens(Supplier<ApiResult> fetcher, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** WeCom: {@code GET /gettoken?corpid=&corpsecret=}. */
    public static AccessTokens wecom(WxApiClient client, String corpId, String corpSecret, Clock clock) {
        Objects.requireNonNull(client, "client");
        Map<String, String> query = Map.of("corpid", requireText(corpId, "corpId"),
                "corpsecret", requireText(corpSecret, "corpSecret"));
        return new AccessTokens(() -> client.get("/gettoken", query), clock);
    }

    /** Official Account: {@code GET /token?grant_type=client_credential&appid=&secret=}. */
    public static AccessTokens officialAccount(WxApiClient client, String appId, String secret, Clock clock) {
        Objects.requireNonNull(client, "client");
        Map<String, String> query = Map.of("grant_type", "client_credential", "appid", requireText(appId, "appId"),
                "secret", requireText(secret, "secret"));
        return new AccessTokens(() -> client.get("/token", query), clock);
    }

    /**
     * A token good for now, fetched if needed.
     *
     * @throws TokenUnavailable when the fetch fails (bad secret, provider down); not cached, the
     *         next call tries again
     */
    public String token() {
        return obtain().value();
    }

    /**
     * Runs one API call with the token. When the provider answers 40014 / 42001 / 40001 the token
     * is dropped, fetched again and the call repeated exactly once; a second such answer is
     * returned as it is. A failed token fetch is returned as the call's result.
     */
    public ApiResult call(Function<String, ApiResult> apiCall) {
        for (int attempt = 0;; attempt++) {
            Token token;
            try {
                token = obtain();
            } catch (TokenUnavailable e) {
                return e.failure();
            }
            ApiResult result = apiCall.apply(token.value());
            if (attempt > 0 || !(result instanceof ApiResult.ProviderError error)
                    || !TOKEN_ERRORS.contains(error.errcode())) {
                return result;
            }
            invalidate(token);
        }
    }

    /** Drops the cached token; the next use fetches a new one. */
    public void invalidate() {
        current = null;
    }

    /** How old the cached token is, for health reports; null when none is cached. */
    public Duration age() {
        Token t = current;
        return t == null ? null : Duration.between(t.fetchedAt(), clock.instant()).abs();
    }

    private synchronized void invalidate(Token stale) {
        // many callers may hold the same stale token: only the first drop counts, so they do not
        // throw away the fresh token another one just fetched
        if (current == stale) {
            current = null;
        }
    }

    private Token obtain() {
        Token t = current;
        if (fresh(t)) {
            return t;
        }
        CompletableFuture<Token> pending;
        boolean fetchHere = false;
        synchronized (this) {
            t = current;
            if (fresh(t)) {
                return t;
            }
            if (inflight == null) {
                inflight = new CompletableFuture<>();
                fetchHere = true;
            }
            pending = inflight;
        }
        if (fetchHere) {
            Token fetched = null;
            RuntimeException failure = null;
            try {
                fetched = fetch();
            } catch (RuntimeException e) {
                failure = e;
            }
            synchronized (this) {
                if (fetched != null) {
                    current = fetched;
                }
                inflight = null;
            }
            if (fetched != null) {
                pending.complete(fetched);
            } else {
                pending.completeExceptionally(failure);
            }
        }
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private boolean fresh(Token t) {
        return t != null && clock.instant().isBefore(t.refreshAt());
    }

    private Token fetch() {
        Instant now = clock.instant();
        ApiResult result = fetcher.get();
        JsonNode body = result.body();
        if (body == null) {
            throw new TokenUnavailable(result);
        }
        String value = body.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new TokenUnavailable(
                    new ApiResult.TransportFailure(ApiResult.TransportFailure.Kind.BAD_RESPONSE, "no access_token"));
        }
        long expiresIn = body.path("expires_in").asLong(DEFAULT_EXPIRES_IN);
        if (expiresIn <= 0) {
            expiresIn = DEFAULT_EXPIRES_IN;
        }
        Duration lifetime = Duration.ofSeconds(expiresIn);
        // refresh early: clocks differ, and a token must not expire between fetch and use
        Duration margin = lifetime.dividedBy(10).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_MARGIN;
        return new Token(value, now, now.plus(lifetime).minus(margin));
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    @Override
    public String toString() {
        return "AccessTokens[age=" + age() + "]";
    }
}
