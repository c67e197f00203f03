package io.siyu.channel.smstencent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.UnavailableException;
import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.EventTypes;
import io.siyu.api.policy.ConsentState;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.testing.FakeCore;
import io.siyu.channel.sandbox.CallbackTransport;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.smstencent.TencentSmsSandboxConfig;
import io.siyu.channel.sandbox.smstencent.TencentSmsSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Tencent Cloud pushes, as the simulator pushes it, handed straight to the adapter's callback. */
class TencentSmsCallbackTest {
    private static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final FakeCore core = new FakeCore();
    private final TencentSmsSettings settings = new TencentSmsSettings("main", "id", "key", "1400000001", "思语",
            "ap-guangzhou", null, 10, "cb-secret", "sms");
    private final TencentSmsCallback callback = new TencentSmsCallback(settings, core, clock);

    /** A simulator whose pushes go to the callback, with the query of the URL the operator configured. */
    private TencentSmsSimulator simulator(String token) {
        TencentSmsSimulator sim = new TencentSmsSimulator(TencentSmsSandboxConfig.defaults().withReportDelayMillis(-1)
                .withCallbackUrl("http://siyu/siyu/callback/sms-tencent/main?token=" + token), clock);
        sim.callbackTransport((url, query, body) -> {
            try {
                CallbackResponse r = callback.handle(new CallbackRequest("POST",
                        Map.of("token", List.of(url.substring(url.indexOf("token=") + 6))), Map.of(), body));
                return new CallbackTransport.Reply(r.status(), new String(r.body(), StandardCharsets.UTF_8));
            } catch (CallbackRejected e) {
                return new CallbackTransport.Reply(e.status(), e.getMessage());
            } catch (UnavailableException e) {
                return new CallbackTransport.Reply(503, e.getMessage());
            }
        });
        return sim;
    }

    private static String control(TencentSmsSimulator sim, String action, String json) {
        return sim.handle(new SimRequest("POST", "", "/control/" + action, Map.of(),
                json.getBytes(StandardCharsets.UTF_8))).bodyText();
    }

    @Test
    void aTdReplyOptsTheCustomerOutOnceAndOtherRepliesAreEvents() {
        TencentSmsSimulator sim = simulator("cb-secret");
        assertTrue(control(sim, "reply", "{\"phone\":\"+8613800000001\",\"text\":\"TD\"}").contains("\"status\":200"));
        assertTrue(control(sim, "redeliver", "{}").contains("\"status\":200"), "the platform's retry");
        control(sim, "reply", "{\"phone\":\"+8613800000001\",\"text\":\"好的，谢谢\"}");
        assertEquals(2, core.events.ofType(EventTypes.MESSAGE_IN).size());
        assertEquals(1, core.consents.recorded.size());
        assertEquals(ConsentState.OPTED_OUT, core.consents.recorded.get(0).state());
        assertEquals(NOW, core.consents.recorded.get(0).changedAt());
        assertEquals("sms-tencent/main:reply:TD", core.consents.recorded.get(0).source());
    }

    @Test
    void statusReportsMoveTheRecipientNamedByItsSerialNo() {
        TencentSmsSimulator sim = simulator("cb-secret");
        control(sim, "reply", "{\"phone\":\"+8613800000001\",\"text\":\"x\"}"); // nothing sent: no report yet
        CallbackResponse ok = callback.handle(new CallbackRequest("POST", Map.of("token", List.of("cb-secret")), Map.of(),
                ("[{\"user_receive_time\":\"2026-03-01 12:00:05\",\"nationcode\":\"86\",\"mobile\":\"13800000001\","
                        + "\"report_status\":\"SUCCESS\",\"errmsg\":\"DELIVRD\",\"description\":\"用户短信送达成功\","
                        + "\"sid\":\"2433:1\"},{\"user_receive_time\":\"2026-03-01 12:00:06\",\"nationcode\":\"86\","
                        + "\"mobile\":\"13800000002\",\"report_status\":\"FAIL\",\"errmsg\":\"MK:0005\","
                        + "\"description\":\"用户短信未送达\",\"sid\":\"2433:2\"}]").getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"result\":0,\"errmsg\":\"OK\"}", new String(ok.body(), StandardCharsets.UTF_8));
        List<DeliveryStatus> reports = core.reports.all();
        assertEquals(new DeliveryStatus("sms-tencent/main", null, "2433:1",
                ChannelIdentity.of(IdentityType.PHONE, "+8613800000001"), DeliveryState.DELIVERED, null, null,
                Instant.parse("2026-03-01T04:00:05Z")), reports.get(0));
        assertEquals(DeliveryState.FAILED, reports.get(1).state());
        assertEquals("MK:0005", reports.get(1).errorCode());
    }

    @Test
    void callbacksWithoutTheSecretAreRefusedAndRecordNothing() {
        TencentSmsSimulator forged = simulator("guess");
        assertTrue(control(forged, "reply", "{\"phone\":\"+8613800000001\",\"text\":\"TD\"}").contains("\"status\":401"));
        assertTrue(core.events.stored.isEmpty());
        assertTrue(core.consents.recorded.isEmpty());
        CallbackRejected malformed = assertThrows(CallbackRejected.class, () -> callback.handle(new CallbackRequest(
                "POST", Map.of("token", List.of("cb-secret")), Map.of(), "{\"hello\":1}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(400, malformed.status());
        TencentSmsCallback noSecret = new TencentSmsCallback(new TencentSmsSettings("main", "id", "key", "1", null,
                "ap-guangzhou", null, 10, null, "sms"), core, clock);
        assertEquals(401, assertThrows(CallbackRejected.class, () -> noSecret.handle(new CallbackRequest("POST",
                Map.of("token", List.of("")), Map.of(), "[]".getBytes(StandardCharsets.UTF_8)))).status());
    }

    @Test
    void aPushThatCannotBeRecordedNowAnswers503AndItsRetryIsRecorded() {
        TencentSmsSimulator sim = simulator("cb-secret");
        core.consentsUp = false;
        assertTrue(control(sim, "reply", "{\"phone\":\"+8613800000001\",\"text\":\"退订\"}").contains("\"status\":503"));
        core.consentsUp = true;
        assertTrue(control(sim, "redeliver", "{}").contains("\"status\":200"));
        assertEquals(1, core.consents.recorded.size());
        assertEquals(1, core.events.ofType(EventTypes.MESSAGE_IN).size());
    }
}
