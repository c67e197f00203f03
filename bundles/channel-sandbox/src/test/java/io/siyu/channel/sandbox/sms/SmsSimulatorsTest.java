package io.siyu.channel.sandbox.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.kit.signing.AliyunRpcSigner;
import io.siyu.channel.kit.signing.Tc3Signer;
import io.siyu.channel.sandbox.CallbackTransport;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.smsaliyun.AliyunSmsSandboxConfig;
import io.siyu.channel.sandbox.smsaliyun.AliyunSmsSimulator;
import io.siyu.channel.sandbox.smstencent.TencentSmsSandboxConfig;
import io.siyu.channel.sandbox.smstencent.TencentSmsSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SMS simulators check requests the way the providers do and keep what they accepted. */
class SmsSimulatorsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper();
    private final MutableClock clock = new MutableClock(NOW);

    // ------------------------------------------------------------------ Tencent Cloud

    private SimResponse tencent(TencentSmsSimulator sim, String body, long timestamp, String secretKey) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = Map.of("content-type", "application/json; charset=utf-8", "host",
                "sms.tencentcloudapi.com");
        Tc3Signer.Signature s = Tc3Signer.sign(TencentSmsSandboxConfig.DEFAULT_SECRET_ID, secretKey, "sms", "POST", "",
                signed, bytes, timestamp);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Host", "sms.tencentcloudapi.com");
        headers.put("X-TC-Action", "SendSms");
        headers.put("X-TC-Version", "2021-01-11");
        headers.put("X-TC-Timestamp", Long.toString(timestamp));
        headers.put("Authorization", s.authorization());
        return sim.handle(new SimRequest("POST", "http://sandbox", "/", Map.of(), bytes, headers));
    }

    private static String sendSms(String... numbers) {
        return "{\"PhoneNumberSet\":[\"" + String.join("\",\"", numbers) + "\"],\"SmsSdkAppId\":\""
                + TencentSmsSandboxConfig.DEFAULT_SDK_APP_ID + "\",\"SignName\":\"思语\",\"TemplateId\":\"1001\","
                + "\"TemplateParamSet\":[\"1234\"],\"SessionContext\":\"key-1\"}";
    }

    private String errorCode(SimResponse r) throws Exception {
        return mapper.readTree(r.body()).path("Response").path("Error").path("Code").asText("");
    }

    @Test
    void tencentAcceptsAGenuineRequestAndAnswersPerNumber() throws Exception {
        TencentSmsSimulator sim = new TencentSmsSimulator(TencentSmsSandboxConfig.defaults().withReportDelayMillis(-1),
                clock);
        sim.failNumber("+8613800000002", "LimitExceeded.PhoneNumberDailyLimit");
        SimResponse r = tencent(sim, sendSms("+8613800000001", "+8613800000002", "13800000003"), NOW.getEpochSecond(),
                TencentSmsSandboxConfig.DEFAULT_SECRET_KEY);
        JsonNode set = mapper.readTree(r.body()).path("Response").path("SendStatusSet");
        assertEquals(List.of("Ok", "LimitExceeded.PhoneNumberDailyLimit", "InvalidParameterValue.IncorrectPhoneNumber"),
                List.of(set.get(0).path("Code").asText(), set.get(1).path("Code").asText(), set.get(2).path("Code").asText()));
        assertTrue(set.get(0).path("SerialNo").asText().startsWith("2433:"));
        JsonNode state = mapper.readTree(sim.handle(new SimRequest("GET", "", "/control/state", Map.of(), null)).body());
        assertEquals(1, state.path("count").asInt());
        assertEquals("key-1", state.path("sent").get(0).path("clientRef").asText());
    }

    @Test
    void tencentRejectsWrongSignaturesSkewedClocksAndTamperedBodies() throws Exception {
        TencentSmsSimulator sim = new TencentSmsSimulator(TencentSmsSandboxConfig.defaults(), clock);
        long now = NOW.getEpochSecond();
        assertEquals("AuthFailure.SignatureFailure", errorCode(tencent(sim, sendSms("+8613800000001"), now, "wrong")));
        assertEquals("AuthFailure.SignatureExpire", errorCode(tencent(sim, sendSms("+8613800000001"), now - 301,
                TencentSmsSandboxConfig.DEFAULT_SECRET_KEY)));
        assertEquals("", errorCode(tencent(sim, sendSms("+8613800000001"), now - 299,
                TencentSmsSandboxConfig.DEFAULT_SECRET_KEY)), "within 5 minutes");

        byte[] body = sendSms("+8613800000001").getBytes(StandardCharsets.UTF_8);
        Tc3Signer.Signature s = Tc3Signer.sign(TencentSmsSandboxConfig.DEFAULT_SECRET_ID,
                TencentSmsSandboxConfig.DEFAULT_SECRET_KEY, "sms", "POST", "",
                Map.of("content-type", "application/json; charset=utf-8", "host", "sms.tencentcloudapi.com"), body, now);
        Map<String, String> headers = Map.of("Content-Type", "application/json; charset=utf-8", "Host",
                "sms.tencentcloudapi.com", "X-TC-Action", "SendSms", "X-TC-Version", "2021-01-11", "X-TC-Timestamp",
                Long.toString(now), "Authorization", s.authorization());
        byte[] tampered = sendSms("+8613800000009").getBytes(StandardCharsets.UTF_8);
        assertEquals("AuthFailure.SignatureFailure", errorCode(sim.handle(new SimRequest("POST", "", "/", Map.of(),
                tampered, headers))));
        Map<String, String> otherHost = new LinkedHashMap<>(headers);
        otherHost.put("Host", "evil.example.com");
        assertEquals("AuthFailure.SignatureFailure", errorCode(sim.handle(new SimRequest("POST", "", "/", Map.of(),
                body, otherHost))));
        assertEquals(1, mapper.readTree(sim.handle(new SimRequest("GET", "", "/control/state", Map.of(), null)).body())
                .path("count").asInt(), "only the genuine request was sent");
    }

    @Test
    void tencentEnforcesItsRequestRateAndTheBatchSize() throws Exception {
        TencentSmsSimulator sim = new TencentSmsSimulator(TencentSmsSandboxConfig.defaults().withCallsPerSecond(2),
                clock);
        long now = NOW.getEpochSecond();
        String key = TencentSmsSandboxConfig.DEFAULT_SECRET_KEY;
        assertEquals("", errorCode(tencent(sim, sendSms("+8613800000001"), now, key)));
        assertEquals("", errorCode(tencent(sim, sendSms("+8613800000001"), now, key)));
        assertEquals("RequestLimitExceeded", errorCode(tencent(sim, sendSms("+8613800000001"), now, key)));
        clock.advance(Duration.ofSeconds(1));
        String[] many = new String[201];
        for (int i = 0; i < many.length; i++) {
            many[i] = "+86138" + String.format("%08d", i);
        }
        assertEquals("LimitExceeded.PhoneNumberCountLimit", errorCode(tencent(sim, sendSms(many), now + 1, key)));
    }

    @Test
    void tencentPushesStatusReportsAndRepliesAsThePlatformDoes() throws Exception {
        TencentSmsSimulator sim = new TencentSmsSimulator(TencentSmsSandboxConfig.defaults().withReportDelayMillis(-1)
                .withCallbackUrl("http://siyu/callback?token=t"), clock);
        List<String> pushed = new ArrayList<>();
        sim.callbackTransport((url, query, body) -> {
            pushed.add(url + " " + new String(body, StandardCharsets.UTF_8));
            return new CallbackTransport.Reply(200, "{\"result\":0,\"errmsg\":\"OK\"}");
        });
        tencent(sim, sendSms("+8613800000001"), NOW.getEpochSecond(), TencentSmsSandboxConfig.DEFAULT_SECRET_KEY);
        control(sim, "report", "{\"phone\":\"+8613800000001\",\"success\":false,\"code\":\"MK:0005\"}");
        control(sim, "reply", "{\"phone\":\"+8613800000001\",\"text\":\"TD\"}");
        assertEquals(2, pushed.size());
        JsonNode report = mapper.readTree(pushed.get(0).substring(pushed.get(0).indexOf(' ') + 1));
        assertTrue(report.isArray());
        assertEquals("13800000001", report.get(0).path("mobile").asText());
        assertEquals("86", report.get(0).path("nationcode").asText());
        assertEquals("FAIL", report.get(0).path("report_status").asText());
        assertEquals("MK:0005", report.get(0).path("errmsg").asText());
        JsonNode reply = mapper.readTree(pushed.get(1).substring(pushed.get(1).indexOf(' ') + 1));
        assertEquals("TD", reply.path("text").asText());
        assertEquals("思语", reply.path("sign").asText());
        assertEquals(NOW.getEpochSecond(), reply.path("time").asLong());
    }

    private SimResponse control(io.siyu.channel.sandbox.Simulator sim, String action, String json) {
        return sim.handle(new SimRequest("POST", "", "/control/" + action, Map.of(),
                json.getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ Aliyun

    private Map<String, String> aliyunParams(String nonce, Instant at, String phones) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccessKeyId", AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_ID);
        p.put("Action", "SendSms");
        p.put("Format", "JSON");
        p.put("RegionId", "cn-hangzhou");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", nonce);
        p.put("SignatureVersion", "1.0");
        p.put("Timestamp", at.toString());
        p.put("Version", "2017-05-25");
        p.put("PhoneNumbers", phones);
        p.put("SignName", "思语");
        p.put("TemplateCode", "SMS_1001");
        p.put("TemplateParam", "{\"code\":\"1234\"}");
        p.put("OutId", "key-1");
        return p;
    }

    private SimResponse aliyun(AliyunSmsSimulator sim, Map<String, String> params, String secret) {
        String form = AliyunRpcSigner.signedForm(secret, "POST", params);
        return sim.handle(new SimRequest("POST", "", "/", Map.of(), form.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-www-form-urlencoded")));
    }

    private String code(SimResponse r) throws Exception {
        return mapper.readTree(r.body()).path("Code").asText();
    }

    @Test
    void aliyunAcceptsAGenuineCallForAllItsNumbers() throws Exception {
        AliyunSmsSimulator sim = new AliyunSmsSimulator(AliyunSmsSandboxConfig.defaults().withReportDelayMillis(-1),
                clock);
        SimResponse ok = aliyun(sim, aliyunParams("n-1", NOW, "13800000001,+8613800000002"),
                AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_SECRET);
        assertEquals(200, ok.status());
        assertEquals("OK", code(ok));
        JsonNode state = mapper.readTree(sim.handle(new SimRequest("GET", "", "/control/state", Map.of(), null)).body());
        assertEquals(2, state.path("count").asInt());
        assertEquals("+8613800000002", state.path("sent").get(1).path("phone").asText());
        assertEquals("key-1", state.path("sent").get(0).path("clientRef").asText());
    }

    @Test
    void aliyunRejectsBadSignaturesUnknownKeysReplayedNoncesAndStaleTimestamps() throws Exception {
        AliyunSmsSimulator sim = new AliyunSmsSimulator(AliyunSmsSandboxConfig.defaults(), clock);
        String secret = AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_SECRET;
        SimResponse bad = aliyun(sim, aliyunParams("n-1", NOW, "13800000001"), "wrong");
        assertEquals(400, bad.status());
        assertEquals("SignatureDoesNotMatch", code(bad));
        Map<String, String> unknown = aliyunParams("n-2", NOW, "13800000001");
        unknown.put("AccessKeyId", "LTAInobody");
        SimResponse notFound = aliyun(sim, unknown, secret);
        assertEquals(404, notFound.status());
        assertEquals("InvalidAccessKeyId.NotFound", code(notFound));
        assertEquals("OK", code(aliyun(sim, aliyunParams("n-3", NOW, "13800000001"), secret)));
        assertEquals("SignatureNonceUsed", code(aliyun(sim, aliyunParams("n-3", NOW, "13800000001"), secret)));
        assertEquals("InvalidTimeStamp.Expired", code(aliyun(sim, aliyunParams("n-4", NOW.minusSeconds(901),
                "13800000001"), secret)));
        String form = AliyunRpcSigner.signedForm(secret, "POST", aliyunParams("n-5", NOW, "13800000001"))
                .replace("13800000001", "13800000009");
        assertEquals("SignatureDoesNotMatch", code(sim.handle(new SimRequest("POST", "", "/", Map.of(),
                form.getBytes(StandardCharsets.UTF_8)))), "a changed number breaks the signature");
    }

    @Test
    void aliyunBusinessErrorsFailTheWholeCallWithTheirIsvCode() throws Exception {
        AliyunSmsSimulator sim = new AliyunSmsSimulator(AliyunSmsSandboxConfig.defaults(), clock);
        String secret = AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_SECRET;
        assertEquals("isv.MOBILE_NUMBER_ILLEGAL", code(aliyun(sim, aliyunParams("a", NOW, "13800000001,12"), secret)));
        control(sim, "fail", "{\"phone\":\"+8613800000001\",\"code\":\"isv.BUSINESS_LIMIT_CONTROL\"}");
        assertEquals("isv.BUSINESS_LIMIT_CONTROL", code(aliyun(sim, aliyunParams("b", NOW, "13800000001"), secret)));
        assertEquals("OK", code(aliyun(sim, aliyunParams("c", NOW, "13800000001"), secret)));
    }
}
