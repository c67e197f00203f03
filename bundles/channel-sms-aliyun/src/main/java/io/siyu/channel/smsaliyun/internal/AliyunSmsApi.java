package io.siyu.channel.smsaliyun.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.channel.kit.signing.AliyunRpcSigner;
import io.siyu.channel.kit.sms.PhoneNumbers;
import io.siyu.channel.kit.sms.RateLimiter;
import io.siyu.channel.kit.sms.SmsHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Dysmsapi {@code SendSms} (2017-05-25) as an RPC call: the parameters as a form body, signed with
 * HMAC-SHA1 over all of them, a fresh {@code SignatureNonce} per request; paced by the account's
 * rate limiter. Thread-safe.
 */
final class AliyunSmsApi {
    static final String ACTION = "SendSms";
    static final String VERSION = "2017-05-25";

    sealed interface Answer {
    }

    /** {@code Code} OK: the call's {@code BizId}. */
    record Sent(String bizId, String requestId) implements Answer {
    }

    /** Any other {@code Code}, whatever the HTTP status. */
    record Refused(String code, String message, String requestId) implements Answer {
    }

    /** No readable answer: the call may or may not have gone out. */
    record NoAnswer(String detail) implements Answer {
    }

    private final AliyunSmsSettings settings;
    private final SmsHttp http;
    private final RateLimiter limiter;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    AliyunSmsApi(AliyunSmsSettings settings, SmsHttp http, RateLimiter limiter, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.limiter = limiter;
        this.clock = clock;
    }

    RateLimiter limiter() {
        return limiter;
    }

    /**
     * @param numbers E.164; sent as Aliyun writes them (mainland without +86)
     * @param signName the template's signature; null for the account's
     * @param outId our reference, returned in SmsReport as {@code out_id}
     */
    Answer sendSms(List<String> numbers, String templateCode, Map<String, String> params, String signName,
            String outId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccessKeyId", settings.accessKeyId());
        p.put("Action", ACTION);
        p.put("Format", "JSON");
        p.put("RegionId", settings.region());
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("SignatureVersion", "1.0");
        p.put("Version", VERSION);
        p.put("PhoneNumbers", numbers.stream().map(PhoneNumbers::national).collect(Collectors.joining(",")));
        p.put("SignName", signName != null ? signName : settings.signName());
        p.put("TemplateCode", templateCode);
        if (!params.isEmpty()) {
            try {
                p.put("TemplateParam", mapper.writeValueAsString(params));
            } catch (IOException e) {
                throw new IllegalStateException("template data not writable as JSON", e);
            }
        }
        p.put("OutId", outId);
        if (!limiter.acquire()) {
            return new NoAnswer("interrupted while waiting for the rate limit");
        }
        p.put("Timestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        byte[] form = AliyunRpcSigner.signedForm(settings.accessKeySecret(), "POST", p).getBytes(StandardCharsets.UTF_8);
        SmsHttp.Reply reply = http.post(settings.uri(),
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8", "Accept", "application/json"),
                form);
        if (!reply.answered()) {
            return new NoAnswer(reply.failure());
        }
        JsonNode body;
        try {
            body = mapper.readTree(reply.body());
        } catch (IOException e) {
            return new NoAnswer("HTTP " + reply.status() + ", not JSON");
        }
        String code = body == null ? "" : body.path("Code").asText("");
        if (code.isEmpty()) {
            return new NoAnswer("HTTP " + reply.status() + " without a Code");
        }
        String requestId = body.path("RequestId").asText(null);
        if (AliyunCodes.OK.equals(code) && reply.status() / 100 == 2) {
            return new Sent(body.path("BizId").asText(null), requestId);
        }
        return new Refused(code, body.path("Message").asText(""), requestId);
    }
}
