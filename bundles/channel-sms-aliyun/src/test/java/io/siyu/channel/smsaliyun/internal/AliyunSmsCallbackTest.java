package io.siyu.channel.smsaliyun.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRequest;
import io.siyu.api.channel.CallbackResponse;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.event.EventTypes;
import io.siyu.api.policy.ConsentState;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.testing.FakeCore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AliyunSmsCallbackTest {
    private final FakeCore core = new FakeCore();
    private final AliyunSmsSettings settings = new AliyunSmsSettings("main", "id", "secret", "思语", "cn-hangzhou",
            null, 10, "cb-secret", "sms");
    private final AliyunSmsCallback callback = new AliyunSmsCallback(settings, core,
            new MutableClock(Instant.parse("2026-03-01T04:00:00Z")));

    private CallbackResponse push(String token, String json) {
        return callback.handle(new CallbackRequest("POST", Map.of("token", List.of(token)), Map.of(),
                json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void smsReportsFindTheirMessageByOutIdAndMoveThatNumber() {
        CallbackResponse ok = push("cb-secret", "[{\"phone_number\":\"13800000001\",\"send_time\":\"2026-03-01 12:00:00\","
                + "\"report_time\":\"2026-03-01 12:00:03\",\"success\":true,\"err_code\":\"DELIVERED\","
                + "\"err_msg\":\"用户接收成功\",\"sms_size\":\"1\",\"biz_id\":\"100000000000001^0\",\"out_id\":\"order-1#0\"},"
                + "{\"phone_number\":\"13800000002\",\"report_time\":\"2026-03-01 12:00:04\",\"success\":false,"
                + "\"err_code\":\"MK:0001\",\"err_msg\":\"用户接收失败\",\"biz_id\":\"100000000000001^0\",\"out_id\":\"order-1#0\"}]");
        assertEquals("{\"code\":0,\"msg\":\"接收成功\"}", new String(ok.body(), StandardCharsets.UTF_8));
        List<DeliveryStatus> reports = core.reports.all();
        assertEquals("order-1#0", reports.get(0).messageKey());
        assertEquals("+8613800000001", reports.get(0).recipient().value());
        assertEquals(DeliveryState.DELIVERED, reports.get(0).state());
        assertEquals(Instant.parse("2026-03-01T04:00:03Z"), reports.get(0).at());
        assertEquals("MK:0001", reports.get(1).errorCode());
    }

    @Test
    void smsUpOptOutsSetConsentOnceAndOtherRepliesAreEvents() {
        String up = "[{\"phone_number\":\"13800000001\",\"send_time\":\"2026-03-01 12:01:00\",\"content\":\"退订\","
                + "\"sign_name\":\"思语\",\"dest_code\":\"1234\",\"sequence_id\":77}]";
        push("cb-secret", up);
        push("cb-secret", up); // Aliyun pushes again when it saw no 200
        push("cb-secret", "[{\"phone_number\":\"13800000001\",\"send_time\":\"2026-03-01 12:02:00\",\"content\":\"好\","
                + "\"sequence_id\":78}]");
        assertEquals(2, core.events.ofType(EventTypes.MESSAGE_IN).size());
        assertEquals(1, core.consents.recorded.size());
        assertEquals(ConsentState.OPTED_OUT, core.consents.recorded.get(0).state());
        assertEquals(Instant.parse("2026-03-01T04:01:00Z"), core.consents.recorded.get(0).changedAt());
    }

    @Test
    void pushesWithoutTheSecretOrNotArraysAreRefused() {
        assertEquals(401, assertThrows(CallbackRejected.class, () -> push("nope",
                "[{\"phone_number\":\"13800000001\",\"content\":\"TD\",\"sequence_id\":1}]")).status());
        assertEquals(400, assertThrows(CallbackRejected.class, () -> push("cb-secret", "{\"content\":\"TD\"}")).status());
        assertTrue(core.events.stored.isEmpty());
    }

    @Test
    void onlyAliyunNamedConfigurationsAreClaimed() {
        assertTrue(AliyunSmsSettings.isAliyun(Map.of("felix.fileinstall.filename",
                "/opt/etc/io.siyu.channel.sms-aliyun-main.cfg")));
        assertFalse(AliyunSmsSettings.isAliyun(Map.of("felix.fileinstall.filename",
                "/opt/etc/io.siyu.channel.sms-tencent-main.cfg", "account", "main")));
        assertFalse(settings.toString().contains("cb-secret") || settings.toString().contains("=secret"));
    }
}
