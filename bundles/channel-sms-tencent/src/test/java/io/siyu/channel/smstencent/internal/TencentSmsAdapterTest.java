package io.siyu.channel.smstencent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.testing.FakeCore;
import io.siyu.channel.kit.sms.RateLimiter;
import io.siyu.channel.kit.sms.SmsHttp;
import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.smstencent.TencentSmsSandboxConfig;
import io.siyu.channel.sandbox.smstencent.TencentSmsSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter against the Tencent Cloud SMS simulator over real HTTP, with one movable clock for both. */
class TencentSmsAdapterTest {
    private static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Duration> waits = new ArrayList<>();
    private SandboxServer sandbox;
    private TencentSmsSimulator simulator;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private TencentSmsAdapter start(TencentSmsSandboxConfig config, String secretKey, double callsPerSecond,
            MutableClock adapterClock) {
        simulator = new TencentSmsSimulator(config.withReportDelayMillis(-1), clock);
        sandbox = SandboxServer.start(0, Map.of("sms-tencent", simulator));
        TencentSmsSettings settings = new TencentSmsSettings("main", config.secretId(), secretKey, config.sdkAppId(),
                "思语", "ap-guangzhou", sandbox.base("sms-tencent"), callsPerSecond, "cb-secret", "sms");
        RateLimiter limiter = new RateLimiter(callsPerSecond, adapterClock, d -> {
            waits.add(d);
            adapterClock.advance(d);
        });
        TencentSmsApi api = new TencentSmsApi(settings, new SmsHttp(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                limiter, adapterClock);
        return new TencentSmsAdapter(settings, api, new TencentSmsCallback(settings, new FakeCore(), adapterClock),
                adapterClock);
    }

    private TencentSmsAdapter start() {
        return start(TencentSmsSandboxConfig.defaults(), TencentSmsSandboxConfig.DEFAULT_SECRET_KEY, 1000, clock);
    }

    private static ChannelIdentity phone(String e164) {
        return ChannelIdentity.of(IdentityType.PHONE, e164);
    }

    static OutboundMessage sms(String key, List<ChannelIdentity> to, Map<String, String> params) {
        return new OutboundMessage(key, "sms-tencent", "main", MessageKind.TEMPLATE, to, List.of(),
                new MessageContent.Template("1001", params, null, null), null, null, Map.of());
    }

    private JsonNode state() throws Exception {
        return JSON.readTree(simulator.handle(new SimRequest("GET", "", "/control/state", Map.of(), null)).body());
    }

    @Test
    void aTemplateGoesToEveryNumberWithItsParametersInOrderAndEachSerialNoIsKept() throws Exception {
        TencentSmsAdapter adapter = start();
        SendResult result = adapter.send(sms("order-1", List.of(phone("+8613800000001"), phone("+8613800000002")),
                Map.of("2", "5", "1", "123456")));
        SendResult.Accepted accepted = assertInstanceOf(SendResult.Accepted.class, result);
        assertEquals(2, accepted.recipientResults().size());
        String serial = ((SendResult.Accepted) accepted.recipientResults().get(phone("+8613800000001")))
                .providerMessageId();
        JsonNode sent = state().path("sent");
        assertEquals(2, sent.size());
        assertEquals(serial, sent.get(0).path("id").asText());
        assertEquals("[\"123456\",\"5\"]", sent.get(0).path("params").toString());
        assertEquals("order-1", sent.get(0).path("clientRef").asText(), "the key travels as SessionContext");
        assertEquals("思语", sent.get(0).path("signName").asText());
        assertEquals(ChannelHealth.Status.UP, adapter.health().status());
    }

    @Test
    void eachNumbersCodeBecomesThatRecipientsResult() {
        TencentSmsAdapter adapter = start();
        simulator.failNumber("+8613800000002", "LimitExceeded.PhoneNumberThirtySecondLimit");
        simulator.failNumber("+8613800000003", "LimitExceeded.PhoneNumberDailyLimit");
        simulator.failNumber("+8613800000004", "FailedOperation.PhoneNumberInBlacklist");
        ChannelIdentity notAPhone = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp", "wm1");
        SendResult.Accepted r = assertInstanceOf(SendResult.Accepted.class, adapter.send(sms("m", List.of(
                phone("+8613800000001"), phone("+8613800000002"), phone("+8613800000003"), phone("+8613800000004"),
                notAPhone), Map.of("1", "x"))));
        assertInstanceOf(SendResult.Accepted.class, r.recipientResults().get(phone("+8613800000001")));
        SendResult.TransientFailure thirty = (SendResult.TransientFailure) r.recipientResults()
                .get(phone("+8613800000002"));
        assertEquals(Duration.ofSeconds(30), thirty.retryAfter());
        SendResult.TransientFailure daily = (SendResult.TransientFailure) r.recipientResults()
                .get(phone("+8613800000003"));
        assertEquals(Duration.ofHours(12), daily.retryAfter(), "04:00 UTC is noon in China: next midnight in 12 h");
        assertEquals("FailedOperation.PhoneNumberInBlacklist",
                ((SendResult.PermanentFailure) r.recipientResults().get(phone("+8613800000004"))).providerCode());
        assertEquals("siyu.phone", ((SendResult.PermanentFailure) r.recipientResults().get(notAPhone)).providerCode());
    }

    @Test
    void mainlandAndInternationalNumbersGoInSeparateCalls() throws Exception {
        TencentSmsAdapter adapter = start();
        SendResult.Accepted r = assertInstanceOf(SendResult.Accepted.class, adapter.send(sms("mixed",
                List.of(phone("+8613800000001"), phone("+14155550100")), Map.of("1", "x"))));
        assertTrue(r.recipientResults().values().stream().allMatch(v -> v instanceof SendResult.Accepted));
        assertEquals(2, state().path("calls").asInt());
    }

    @Test
    void wrongCredentialsFailForGoodAndTakeTheAccountDownWithTheReason() {
        TencentSmsAdapter adapter = start(TencentSmsSandboxConfig.defaults(), "not-the-key", 1000, clock);
        SendResult.PermanentFailure f = assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(sms("k", List.of(phone("+8613800000001"), phone("+8613800000002")), Map.of())));
        assertEquals("AuthFailure.SignatureFailure", f.providerCode());
        assertTrue(f.message().contains("check secretId and secretKey"), f.message());
        ChannelHealth health = adapter.health();
        assertEquals(ChannelHealth.Status.DOWN, health.status());
        assertTrue(health.lastError().contains("AuthFailure.SignatureFailure"), health.lastError());
        assertTrue(!health.lastError().contains("not-the-key"));
    }

    @Test
    void aClockMoreThanFiveMinutesOffIsNamedAndTheMessageWaits() {
        MutableClock slow = new MutableClock(NOW.minus(Duration.ofMinutes(6)));
        TencentSmsAdapter adapter = start(TencentSmsSandboxConfig.defaults(), TencentSmsSandboxConfig.DEFAULT_SECRET_KEY,
                1000, slow);
        SendResult.TransientFailure f = assertInstanceOf(SendResult.TransientFailure.class,
                adapter.send(sms("k", List.of(phone("+8613800000001")), Map.of())));
        assertEquals("AuthFailure.SignatureExpire", f.providerCode());
        assertTrue(f.message().startsWith("clock skew"), f.message());
        assertEquals(ChannelHealth.Status.DOWN, adapter.health().status());
        assertTrue(adapter.health().lastError().contains("clock skew"));
    }

    @Test
    void theProvidersRequestLimitBacksOffAndTheClientSideLimitSpacesCalls() {
        TencentSmsAdapter adapter = start(TencentSmsSandboxConfig.defaults().withCallsPerSecond(1),
                TencentSmsSandboxConfig.DEFAULT_SECRET_KEY, 1000, clock);
        assertInstanceOf(SendResult.Accepted.class, adapter.send(sms("a", List.of(phone("+8613800000001")), Map.of())));
        SendResult.TransientFailure limited = assertInstanceOf(SendResult.TransientFailure.class,
                adapter.send(sms("b", List.of(phone("+8613800000001")), Map.of())));
        assertEquals("RequestLimitExceeded", limited.providerCode());
        assertEquals(Duration.ofSeconds(1), limited.retryAfter());
        assertEquals(ChannelHealth.Status.DEGRADED, adapter.health().status());
        waits.clear();
        assertInstanceOf(SendResult.Accepted.class, adapter.send(sms("b", List.of(phone("+8613800000001")), Map.of())),
                "the next call waits out the block");
        assertEquals(1, waits.size());

        stop();
        waits.clear();
        TencentSmsAdapter paced = start(TencentSmsSandboxConfig.defaults(), TencentSmsSandboxConfig.DEFAULT_SECRET_KEY,
                5, clock);
        IntStream.range(0, 6).forEach(i -> paced.send(sms("p" + i, List.of(phone("+8613800000001")), Map.of())));
        assertEquals(5, waits.size());
        assertTrue(waits.stream().allMatch(d -> d.equals(Duration.ofMillis(200))), waits.toString());
    }

    @Test
    void templatesTakePositionalParametersAndSmsOnlyTemplates() {
        TencentSmsAdapter adapter = start();
        assertEquals("siyu.template", ((SendResult.PermanentFailure) adapter.send(sms("k",
                List.of(phone("+8613800000001")), Map.of("1", "a", "3", "c")))).providerCode());
        assertEquals("siyu.template", ((SendResult.PermanentFailure) adapter.send(sms("k",
                List.of(phone("+8613800000001")), Map.of("name", "a")))).providerCode());
        OutboundMessage text = new OutboundMessage("t", "sms-tencent", "main", MessageKind.MASS,
                List.of(phone("+8613800000001")), List.of(), MessageContent.Text.of("hi"), null, null, Map.of());
        assertEquals("siyu.kind", ((SendResult.PermanentFailure) adapter.send(text)).providerCode());
        assertEquals(List.of(), TencentSmsAdapter.positional(Map.of()));
        assertNull(TencentSmsAdapter.positional(Map.of("0", "x")));
        assertEquals(200, adapter.maxRecipientsPerCall(MessageKind.TEMPLATE));
    }

    @Test
    void aCallRefusedAsAWholeFailsEveryRecipientTheSameWay() {
        TencentSmsAdapter adapter = start();
        simulator.failNextCall("FailedOperation.TemplateIncorrectOrUnapproved");
        SendResult.PermanentFailure f = assertInstanceOf(SendResult.PermanentFailure.class, adapter.send(sms("k",
                List.of(phone("+8613800000001"), phone("+8613800000002")), Map.of("1", "x"))));
        assertEquals("FailedOperation.TemplateIncorrectOrUnapproved", f.providerCode());
        simulator.failNextCall("InternalError.Timeout");
        assertInstanceOf(SendResult.TransientFailure.class, adapter.send(sms("k", List.of(phone("+8613800000001")),
                Map.of("1", "x"))));
    }
}
