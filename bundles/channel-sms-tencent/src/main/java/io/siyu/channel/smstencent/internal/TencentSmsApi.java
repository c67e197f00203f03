package io.siyu.channel.smstencent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.kit.signing.Tc3Signer;
import io.siyu.channel.kit.sms.RateLimiter;
import io.siyu.channel.kit.sms.SmsHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code SendSms} (version 2021-01-11) signed with TC3-HMAC-SHA256 over {@code content-type} and
 * {@code host}, paced by the account's rate limiter. Thread-safe.
 */
final class TencentSmsApi {
    static final String ACTION = "SendSms";
    static final String VERSION = "2021-01-11";
    static final String SERVICE = "sms";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    /** What one call came back with. */
    sealed interface Answer {
    }

    /** {@code Response.SendStatusSet}, one entry per number. */
    record Statuses(String requestId, JsonNode sendStatusSet) implements Answer {
    }

    /** {@code Response.Error}: the call was refused as a whole. */
    record Refused(String requestId, String code, String message) implements Answer {
    }

    /** No readable answer: a transport failure or an HTTP error (the call may or may not have gone out). */
    record NoAnswer(String detail) implements Answer {
    }

    private final TencentSmsSettings settings;
    private final SmsHttp http;
    private final RateLimiter limiter;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    TencentSmsApi(TencentSmsSettings settings, SmsHttp http, RateLimiter limiter, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.limiter = limiter;
        this.clock = clock;
    }

    RateLimiter limiter() {
        return limiter;
    }

    /**
     * @param numbers E.164, at most 200, all mainland or all international
     * @param signName the template's signature; null for the account's
     */
    Answer sendSms(List<String> numbers, String templateId, List<String> params, String signName,
            String sessionContext) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode set = body.putArray("PhoneNumberSet");
        numbers.forEach(set::add);
        body.put("SmsSdkAppId", settings.sdkAppId());
        String sign = signName != null ? signName : settings.signName();
        if (sign != null) {
            body.put("SignName", sign);
        }
        body.put("TemplateId", templateId);
        ArrayNode values = body.putArray("TemplateParamSet");
        params.forEach(values::add);
        body.put("SessionContext", sessionContext);
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        if (!limiter.acquire()) {
            return new NoAnswer("interrupted while waiting for the rate limit");
        }
        long timestamp = clock.instant().getEpochSecond();
        Tc3Signer.Signature signature = Tc3Signer.sign(settings.secretId(), settings.secretKey(), SERVICE, "POST", "",
                Map.of("content-type", CONTENT_TYPE, "host", settings.host()), payload, timestamp);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("X-TC-Action", ACTION);
        headers.put("X-TC-Version", VERSION);
        headers.put("X-TC-Timestamp", Long.toString(timestamp));
        headers.put("X-TC-Region", settings.region());
        headers.put("Authorization", signature.authorization());
        SmsHttp.Reply reply = http.post(settings.uri(), headers, payload);
        if (!reply.answered()) {
            return new NoAnswer(reply.failure());
        }
        JsonNode response;
        try {
            response = mapper.readTree(reply.body()).path("Response");
        } catch (IOException e) {
            return new NoAnswer("HTTP " + reply.status() + ", not JSON");
        }
        String requestId = response.path("RequestId").asText(null);
        JsonNode error = response.path("Error");
        if (error.isObject()) {
            return new Refused(requestId, error.path("Code").asText("InternalError"), error.path("Message").asText(""));
        }
        if (reply.status() / 100 != 2 || !response.path("SendStatusSet").isArray()) {
            return new NoAnswer("HTTP " + reply.status() + " without SendStatusSet");
        }
        return new Statuses(requestId, response.path("SendStatusSet"));
    }
}
