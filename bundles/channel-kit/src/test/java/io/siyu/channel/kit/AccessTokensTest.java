package io.siyu.channel.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final AtomicInteger fetches = new AtomicInteger();

    /** Hands out TOKEN-1, TOKEN-2, … valid for {@code expiresIn} seconds. */
    private Supplier<ApiResult> counting(long expiresIn) {
        return () -> ok("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"TOKEN-" + fetches.incrementAndGet()
                + "\",\"expires_in\":" + expiresIn + "}");
    }

    @Test
    void cachedUntilShortlyBeforeExpiry() {
        AccessTokens tokens = new AccessTokens(counting(7200), clock);
        assertNull(tokens.age());
        assertEquals("TOKEN-1", tokens.token());
        clock.advance(Duration.ofMinutes(90));
        assertEquals("TOKEN-1", tokens.token());
        assertEquals(Duration.ofMinutes(90), tokens.age());
        clock.advance(Duration.ofMinutes(24)); // 6840 s: still before 7200 - 300
        assertEquals("TOKEN-1", tokens.token());
        clock.advance(Duration.ofSeconds(61)); // 6901 s: inside the 5-minute margin
        assertEquals("TOKEN-2", tokens.token());
        assertEquals(Duration.ZERO, tokens.age());
        assertEquals(2, fetches.get());
    }

    @Test
    void shortLivedTokensKeepTenPercentMargin() {
        AccessTokens tokens = new AccessTokens(counting(100), clock);
        assertEquals("TOKEN-1", tokens.token());
        clock.advance(Duration.ofSeconds(89));
        assertEquals("TOKEN-1", tokens.token());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("TOKEN-2", tokens.token());
    }

    @Test
    void invalidateForcesAFetch() {
        AccessTokens tokens = new AccessTokens(counting(7200), clock);
        assertEquals("TOKEN-1", tokens.token());
        tokens.invalidate();
        assertNull(tokens.age());
        assertEquals("TOKEN-2", tokens.token());
    }

    @Test
    void singleFlightUnderConcurrency() throws Exception {
        CountDownLatch fetchStarted = new CountDownLatch(1);
        CountDownLatch mayAnswer = new CountDownLatch(1);
        AccessTokens tokens = new AccessTokens(() -> {
            fetches.incrementAndGet();
            fetchStarted.countDown();
            await(mayAnswer);
            return ok("{\"access_token\":\"SHARED\",\"expires_in\":7200}");
        }, clock);
        int callers = 16;
        List<Thread> threads = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(callers, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            synchronized (threads) {
                threads.add(t);
            }
            return t;
        });
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(tokens::token));
            }
            assertTrue(fetchStarted.await(2, TimeUnit.SECONDS));
            // let the fetch answer only once every caller is parked waiting for it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < deadline && !allWaiting(threads, callers)) {
                Thread.onSpinWait();
            }
            assertTrue(allWaiting(threads, callers), "callers did not all block");
            mayAnswer.countDown();
            for (Future<String> f : results) {
                assertEquals("SHARED", f.get(2, TimeUnit.SECONDS));
            }
            assertEquals(1, fetches.get());
        } finally {
            mayAnswer.countDown();
            pool.shutdownNow();
        }
    }

    private static boolean allWaiting(List<Thread> threads, int expected) {
        synchronized (threads) {
            return threads.size() == expected && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.BLOCKED);
        }
    }

    @Test
    void failedFetchIsSharedByConcurrentCallersAndNotCached() throws Exception {
        CountDownLatch mayAnswer = new CountDownLatch(1);
        AccessTokens tokens = new AccessTokens(() -> {
            fetches.incrementAndGet();
            await(mayAnswer);
            return new ApiResult.ProviderError(40013, "invalid corpid");
        }, clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(tokens::token);
            Future<String> b = pool.submit(tokens::token);
            mayAnswer.countDown();
            for (Future<String> f : List.of(a, b)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(2, TimeUnit.SECONDS));
                AccessTokens.TokenUnavailable u = assertInstanceOf(AccessTokens.TokenUnavailable.class, e.getCause());
                assertEquals(new ApiResult.ProviderError(40013, "invalid corpid"), u.failure());
            }
            assertTrue(fetches.get() <= 2);
            int before = fetches.get();
            assertThrows(AccessTokens.TokenUnavailable.class, tokens::token);
            assertEquals(before + 1, fetches.get()); // a failure is not remembered
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void retriesOnceOnAnExpiredToken() {
        AccessTokens tokens = new AccessTokens(counting(7200), clock);
        List<String> used = new ArrayList<>();
        ApiResult r = tokens.call(token -> {
            used.add(token);
            return token.equals("TOKEN-1") ? new ApiResult.ProviderError(42001, "access_token expired")
                    : ok("{\"errcode\":0,\"msgid\":\"m1\"}");
        });
        assertTrue(r.ok());
        assertEquals("m1", r.body().path("msgid").asText());
        assertEquals(List.of("TOKEN-1", "TOKEN-2"), used);
        assertEquals(2, fetches.get());
    }

    @Test
    void aSecondTokenErrorIsReturned() {
        AccessTokens tokens = new AccessTokens(counting(7200), clock);
        AtomicInteger calls = new AtomicInteger();
        ApiResult r = tokens.call(token -> {
            calls.incrementAndGet();
            return new ApiResult.ProviderError(42001, "access_token expired");
        });
        assertEquals(new ApiResult.ProviderError(42001, "access_token expired"), r);
        assertEquals(2, calls.get());
        assertEquals(2, fetches.get());
    }

    @Test
    void otherErrorsAreNotRetried() {
        for (int code : new int[] {40014, 40001}) {
            fetches.set(0);
            AccessTokens tokens = new AccessTokens(counting(7200), clock);
            AtomicInteger calls = new AtomicInteger();
            tokens.call(t -> calls.incrementAndGet() == 1 ? new ApiResult.ProviderError(code, "bad token") : ok("{}"));
            assertEquals(2, calls.get(), "code " + code);
        }
        AccessTokens tokens = new AccessTokens(counting(7200), clock);
        AtomicInteger calls = new AtomicInteger();
        ApiResult busy = new ApiResult.ProviderError(-1, "system busy");
        assertSame(busy, tokens.call(t -> {
            calls.incrementAndGet();
            return busy;
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void aFailedFetchIsTheCallsResult() {
        ApiResult down = new ApiResult.HttpFailure(503);
        AccessTokens tokens = new AccessTokens(() -> down, clock);
        AtomicInteger calls = new AtomicInteger();
        assertSame(down, tokens.call(t -> {
            calls.incrementAndGet();
            return ok("{}");
        }));
        assertEquals(0, calls.get());
        AccessTokens noToken = new AccessTokens(() -> ok("{\"errcode\":0}"), clock);
        ApiResult.TransportFailure f = assertInstanceOf(ApiResult.TransportFailure.class, noToken.call(t -> ok("{}")));
        assertEquals(ApiResult.TransportFailure.Kind.BAD_RESPONSE, f.kind());
    }

    @Test
    void wecomAndOfficialAccountFetchAgainstTheStub() throws Exception {
        try (StubProvider provider = new StubProvider()) {
            provider.json("/gettoken", "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"WECOM-T\",\"expires_in\":7200}");
            provider.json("/token", "{\"access_token\":\"OA-T\",\"expires_in\":7200}");
            WxApiClient client = new WxApiClient(provider.baseUrl(), Duration.ofSeconds(2), Duration.ofSeconds(2));

            AccessTokens wecom = AccessTokens.wecom(client, "ww123", "CORP-SECRET", clock);
            assertEquals("WECOM-T", wecom.token());
            assertEquals("WECOM-T", wecom.token());
            AccessTokens oa = AccessTokens.officialAccount(client, "wx456", "APP-SECRET", clock);
            assertEquals("OA-T", oa.token());

            assertEquals(2, provider.received.size());
            StubProvider.Received w = provider.received.get(0);
            assertEquals("/cgi-bin/gettoken", w.path());
            assertEquals(Map.of("corpid", "ww123", "corpsecret", "CORP-SECRET"), query(w.rawQuery()));
            StubProvider.Received o = provider.received.get(1);
            assertEquals("/cgi-bin/token", o.path());
            assertEquals(Map.of("grant_type", "client_credential", "appid", "wx456", "secret", "APP-SECRET"),
                    query(o.rawQuery()));
            assertFalse(wecom.toString().contains("WECOM-T"));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    private static ApiResult ok(String json) {
        try {
            return new ApiResult.Ok(JSON.readTree(json));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
