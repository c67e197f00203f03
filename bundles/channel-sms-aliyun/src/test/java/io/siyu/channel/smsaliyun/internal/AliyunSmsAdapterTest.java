package io.siyu.channel.smsaliyun.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import io.siyu.channel.sandbox.smsaliyun.AliyunSmsSandboxConfig;
import io.siyu.channel.sandbox.smsaliyun.AliyunSmsSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter against the Aliyun SMS simulator over real HTTP, with one movable clock for both. */
class AliyunSmsAdapterTest {
    private static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(NOW);
    private SandboxServer sandbox;
    private AliyunSmsSimulator simulator;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private AliyunSmsAdapter start(String secret, MutableClock adapterClock) {
        simulator = new AliyunSmsSimulator(AliyunSmsSandboxConfig.defaults().withReportDelayMillis(-1), clock);
        sandbox = SandboxServer.start(0, Map.of("sms-aliyun", simulator));
        AliyunSmsSettings settings = new AliyunSmsSettings("main", AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_ID, secret,
                "思语", "cn-hangzhou", sandbox.base("sms-aliyun"), 1000, "cb-secret", "sms");
        AliyunSmsApi api = new AliyunSmsApi(settings, new SmsHttp(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                new RateLimiter(1000, adapterClock, adapterClock::advance), adapterClock);
        return new AliyunSmsAdapter(settings, api, new AliyunSmsCallback(settings, new FakeCore(), adapterClock),
                adapterClock);
    }

    private AliyunSmsAdapter start() {
        return start(AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_SECRET, clock);
    }

    private static ChannelIdentity phone(String e164) {
        return ChannelIdentity.of(IdentityType.PHONE, e164);
    }

    private static OutboundMessage sms(String key, List<ChannelIdentity> to) {
        return new OutboundMessage(key, "sms-aliyun", "main", MessageKind.TEMPLATE, to, List.of(),
                new MessageContent.Template("SMS_1001", Map.of("code", "123456"), null, null), null, null, Map.of());
    }

    private JsonNode state() throws Exception {
        return JSON.readTree(simulator.handle(new SimRequest("GET", "", "/control/state", Map.of(), null)).body());
    }

    @Test
    void oneCallCarriesEveryNumberWithTheTemplateParamAndTheKeyAsOutId() throws Exception {
        AliyunSmsAdapter adapter = start();
        SendResult.Accepted ok = assertInstanceOf(SendResult.Accepted.class,
                adapter.send(sms("order-1", List.of(phone("+8613800000001"), phone("+8613800000002")))));
        assertTrue(ok.providerMessageId().endsWith("^0"), ok.providerMessageId());
        JsonNode sent = state().path("sent");
        assertEquals(2, sent.size());
        assertEquals(1, state().path("calls").asInt());
        assertEquals("order-1", sent.get(0).path("clientRef").asText());
        assertEquals("{\"code\":\"123456\"}", sent.get(0).path("params").get(0).asText());
        assertEquals("思语", sent.get(1).path("signName").asText());
        // a fresh SignatureNonce every time, or the simulator would answer SignatureNonceUsed
        IntStream.range(0, 5).forEach(i -> assertInstanceOf(SendResult.Accepted.class,
                adapter.send(sms("again-" + i, List.of(phone("+8613800000001"))))));
        assertEquals(ChannelHealth.Status.UP, adapter.health().status());
    }

    @Test
    void anIllegalNumberInABatchFailsAloneAndTheOthersGoOut() throws Exception {
        AliyunSmsAdapter adapter = start();
        // +86 numbers of 12 digits pass E.164 but not Aliyun's mainland check
        List<ChannelIdentity> to = List.of(phone("+8613800000001"), phone("+8613800000002"), phone("+861380000000"),
                phone("+8613800000004"));
        SendResult.Accepted r = assertInstanceOf(SendResult.Accepted.class, adapter.send(sms("batch", to)));
        assertEquals("isv.MOBILE_NUMBER_ILLEGAL",
                ((SendResult.PermanentFailure) r.recipientResults().get(phone("+861380000000"))).providerCode());
        assertEquals(3, r.recipientResults().values().stream().filter(v -> v instanceof SendResult.Accepted).count());
        assertEquals(3, state().path("count").asInt(), "each good number exactly once");
    }

    @Test
    void businessLimitsWaitForTheirWindowAndTemplateErrorsFailForGood() {
        AliyunSmsAdapter adapter = start();
        simulator.failNextCall("isv.BUSINESS_LIMIT_CONTROL");
        SendResult.TransientFailure limited = assertInstanceOf(SendResult.TransientFailure.class,
                adapter.send(sms("k", List.of(phone("+8613800000001")))));
        assertEquals(Duration.ofMinutes(1), limited.retryAfter());
        assertEquals(Duration.ofHours(12), ((SendResult.TransientFailure) AliyunCodes.failure(
                "isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:10", NOW)).retryAfter());
        simulator.failNextCall("isv.SMS_TEMPLATE_ILLEGAL");
        assertEquals("isv.SMS_TEMPLATE_ILLEGAL", ((SendResult.PermanentFailure) adapter.send(
                sms("k", List.of(phone("+8613800000001"))))).providerCode());
        simulator.failNextCall("isp.SYSTEM_ERROR");
        assertInstanceOf(SendResult.TransientFailure.class, adapter.send(sms("k", List.of(phone("+8613800000001")))));
    }

    @Test
    void aWrongSecretIsAClearPermanentErrorAndTakesTheAccountDown() {
        AliyunSmsAdapter adapter = start("wrong-secret", clock);
        SendResult.PermanentFailure f = assertInstanceOf(SendResult.PermanentFailure.class,
                adapter.send(sms("k", List.of(phone("+8613800000001")))));
        assertEquals("SignatureDoesNotMatch", f.providerCode());
        assertTrue(f.message().contains("check accessKeyId and accessKeySecret"), f.message());
        ChannelHealth h = adapter.health();
        assertEquals(ChannelHealth.Status.DOWN, h.status());
        assertFalse(h.lastError().contains("wrong-secret"));
    }

    @Test
    void aClockFifteenMinutesOffIsNamed() {
        AliyunSmsAdapter adapter = start(AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_SECRET,
                new MutableClock(NOW.plus(Duration.ofMinutes(16))));
        SendResult.TransientFailure f = assertInstanceOf(SendResult.TransientFailure.class,
                adapter.send(sms("k", List.of(phone("+8613800000001")))));
        assertEquals("InvalidTimeStamp.Expired", f.providerCode());
        assertTrue(f.message().startsWith("clock skew"));
        assertEquals(ChannelHealth.Status.DOWN, adapter.health().status());
    }

    @Test
    void recipientsThatAreNotPhonesFailAloneAndOnlyTemplatesAreSent() {
        AliyunSmsAdapter adapter = start();
        ChannelIdentity openid = ChannelIdentity.scoped(IdentityType.OA_OPENID, "wx1", "o1");
        SendResult.Accepted r = assertInstanceOf(SendResult.Accepted.class,
                adapter.send(sms("k", List.of(phone("+8613800000001"), openid))));
        assertEquals("siyu.phone", ((SendResult.PermanentFailure) r.recipientResults().get(openid)).providerCode());
        OutboundMessage text = new OutboundMessage("t", "sms-aliyun", "main", MessageKind.MASS,
                List.of(phone("+8613800000001")), List.of(), MessageContent.Text.of("hi"), null, null, Map.of());
        assertEquals("siyu.kind", ((SendResult.PermanentFailure) adapter.send(text)).providerCode());
        assertEquals(1000, adapter.maxRecipientsPerCall(MessageKind.TEMPLATE));
    }
}
