package io.siyu.channel.sandbox.smsaliyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.kit.signing.AliyunRpcSigner;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.SmsSandboxState.Sms;
import io.siyu.channel.sandbox.SmsSimulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Aliyun SMS ({@code dysmsapi.aliyuncs.com}, Dysmsapi {@code SendSms} 2017-05-25, RPC style) as
 * its documentation describes it (channels.md §5): parameters in the query (GET) or a form body
 * (POST), signed with HMAC-SHA1 and checked the way Aliyun checks them (the string to sign rebuilt
 * from the request's own parameters, the timestamp within 15 minutes, a {@code SignatureNonce} used
 * once), up to 1,000 comma-separated {@code PhoneNumbers} per call that succeed or fail together,
 * answers {@code {"Code":"OK","BizId",…}} or an {@code isv.*} code with HTTP 200, and request errors
 * with 4xx ({@code SignatureDoesNotMatch}, {@code InvalidAccessKeyId.NotFound}…). SmsReport and SmsUp
 * are pushed as the HTTP batch push mode does (JSON arrays). Controls: {@link SmsSimulator}.
 */
public final class AliyunSmsSimulator extends SmsSimulator {
    public static final String ACTION = "SendSms";
    public static final String VERSION = "2017-05-25";
    public static final int MAX_NUMBERS = 1000;
    private static final Pattern INTERNATIONAL = Pattern.compile("[1-9][0-9]{6,14}");
    private static final Pattern MAINLAND = Pattern.compile("1[3-9][0-9]{9}");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final AliyunSmsSandboxConfig config;
    /** SignatureNonce → when it was used; guarded by this. */
    private final Map<String, Instant> nonces = new LinkedHashMap<>();

    public AliyunSmsSimulator(AliyunSmsSandboxConfig config, Clock clock) {
        super("Aliyun SMS", clock, config.stateFile(), config.callsPerSecond(), config.callbackUrl(),
                config.reportDelayMillis());
        this.config = config;
    }

    public AliyunSmsSandboxConfig config() {
        return config;
    }

    @Override
    protected SimResponse api(SimRequest request, String api) {
        List<Sms> accepted = new ArrayList<>();
        SimResponse answer;
        synchronized (this) {
            answer = send(request, UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT), accepted);
        }
        reportLater(accepted);
        return answer;
    }

    private SimResponse send(SimRequest request, String requestId, List<Sms> accepted) {
        Instant now = now();
        Map<String, String> params = new LinkedHashMap<>();
        request.query().forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        if (request.method().equals("POST")) {
            SimRequest.parseQuery(request.bodyText()).forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        } else if (!request.method().equals("GET")) {
            return error(400, "UnsupportedHTTPMethod", "Specified signature method is not supported.", requestId);
        }
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
            return error(400, "MissingAction", "The input parameter \"Action\" that is mandatory for processing this "
                    + "request is not supplied.", requestId);
        }
        if (!ACTION.equals(action)) {
            return error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.",
                    requestId);
        }
        if (!VERSION.equals(params.get("Version"))) {
            return error(400, "InvalidVersion", "Specified parameter Version is not valid.", requestId);
        }
        if (!"HMAC-SHA1".equals(params.get("SignatureMethod")) || !"1.0".equals(params.get("SignatureVersion"))) {
            return error(400, "InvalidSignatureMethod", "Specified signature method (HMAC-SHA1, version 1.0) is not "
                    + "valid.", requestId);
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(String.valueOf(params.get("Timestamp")));
        } catch (DateTimeParseException e) {
            return error(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.",
                    requestId);
        }
        if (Duration.between(timestamp, now).abs().getSeconds() > config.maxSkewSeconds()) {
            return error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", requestId);
        }
        if (!config.accessKeyId().equals(params.get("AccessKeyId"))) {
            return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.", requestId);
        }
        String claimed = params.get(AliyunRpcSigner.SIGNATURE);
        String expected = AliyunRpcSigner.signature(config.accessKeySecret(), request.method(), params);
        if (claimed == null || !java.security.MessageDigest.isEqual(expected.getBytes(), claimed.getBytes())) {
            return error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. "
                    + "server string to sign is:" + AliyunRpcSigner.stringToSign(request.method(), params), requestId);
        }
        String nonce = params.get("SignatureNonce");
        if (nonce == null || nonce.isEmpty()) {
            return error(400, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.", requestId);
        }
        forgetNoncesBefore(now.minusSeconds(config.maxSkewSeconds()));
        if (nonces.putIfAbsent(nonce, now) != null) {
            return error(400, "SignatureNonceUsed", "Specified signature nonce was used already.", requestId);
        }
        if (!admitThisSecond(now)) {
            return error(400, "Throttling.User", "Request was denied due to user flow control.", requestId);
        }
        String fault = callFault();
        if (fault != null) {
            return business(fault, "injected by the sandbox", requestId);
        }
        String phoneList = params.getOrDefault("PhoneNumbers", "");
        if (phoneList.isBlank()) {
            return error(400, "MissingPhoneNumbers", "PhoneNumbers is mandatory for this action.", requestId);
        }
        String[] given = phoneList.split(",", -1);
        if (given.length > MAX_NUMBERS) {
            return business("isv.MOBILE_COUNT_OVER_LIMIT", "手机号码数量超过限制", requestId);
        }
        List<String> phones = new ArrayList<>();
        for (String g : given) {
            String phone = e164(g.strip());
            if (phone == null) {
                return business("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号", requestId);
            }
            phones.add(phone);
        }
        String sign = params.getOrDefault("SignName", "");
        if (sign.isEmpty()) {
            return error(400, "MissingSignName", "SignName is mandatory for this action.", requestId);
        }
        if (!config.signNames().isEmpty() && !config.signNames().contains(sign)) {
            return business("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名", requestId);
        }
        String template = params.getOrDefault("TemplateCode", "");
        if (template.isEmpty()) {
            return error(400, "MissingTemplateCode", "TemplateCode is mandatory for this action.", requestId);
        }
        if (!config.templateCodes().isEmpty() && !config.templateCodes().contains(template)) {
            return business("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板", requestId);
        }
        String templateParam = params.getOrDefault("TemplateParam", "");
        if (!templateParam.isEmpty()) {
            try {
                JsonNode json = mapper.readTree(templateParam);
                if (json == null || !json.isObject()) {
                    return business("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值", requestId);
                }
            } catch (IOException e) {
                return business("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值", requestId);
            }
        }
        for (String phone : phones) {
            String numberFault = numberFault(phone);
            if (numberFault != null) {
                return business(numberFault, "injected by the sandbox for " + phone, requestId);
            }
        }
        String bizId = (100_000_000_000_000L + (++state.sequence)) + "^0";
        String outId = params.get("OutId");
        for (String phone : phones) {
            accepted.add(accept(bizId, phone, sign, template, templateParam.isEmpty() ? List.of() : List.of(templateParam),
                    outId, now));
        }
        ObjectNode ok = mapper.createObjectNode();
        ok.put("Code", "OK");
        ok.put("Message", "OK");
        ok.put("BizId", bizId);
        ok.put("RequestId", requestId);
        return json(ok);
    }

    private void forgetNoncesBefore(Instant cutoff) {
        for (Iterator<Instant> it = nonces.values().iterator(); it.hasNext();) {
            if (it.next().isBefore(cutoff)) {
                it.remove();
            } else {
                break; // insertion order is time order
            }
        }
    }

    /** What Aliyun takes: an 11-digit mainland number (with or without 86, +86, 0086) or country code + number (not 1). */
    static String e164(String given) {
        String n = given.startsWith("+") ? given.substring(1) : given.startsWith("00") ? given.substring(2) : given;
        if (n.startsWith("86") && n.length() == 13) {
            n = n.substring(2);
        }
        if (n.startsWith("1")) {
            // domestic SendSms reads a leading 1 as a mainland mobile number: 11 digits or illegal
            return MAINLAND.matcher(n).matches() ? "+86" + n : null;
        }
        return INTERNATIONAL.matcher(n).matches() ? "+" + n : null;
    }

    /** Request errors: an HTTP status other than 200 and the error body of the RPC gateway. */
    private SimResponse error(int status, String code, String message, String requestId) {
        ObjectNode e = mapper.createObjectNode();
        e.put("RequestId", requestId);
        e.put("HostId", "dysmsapi.aliyuncs.com");
        e.put("Code", code);
        e.put("Message", message);
        e.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code);
        return SimResponse.json(status, e.toString());
    }

    /** Business errors of SendSms: HTTP 200 with the isv.* code. */
    private SimResponse business(String code, String message, String requestId) {
        ObjectNode e = mapper.createObjectNode();
        e.put("RequestId", requestId);
        e.put("Code", code);
        e.put("Message", message);
        return json(e);
    }

    @Override
    protected ObjectNode reportJson(Sms sms, boolean success, String code, Instant at) {
        ObjectNode r = mapper.createObjectNode();
        r.put("phone_number", national(sms.phone));
        r.put("send_time", LOCAL.format(Instant.parse(sms.at)));
        r.put("report_time", LOCAL.format(at));
        r.put("success", success);
        r.put("err_code", success ? "DELIVERED" : code == null ? "UNDELIV" : code);
        r.put("err_msg", success ? "用户接收成功" : "用户接收失败");
        r.put("sms_size", "1");
        r.put("biz_id", sms.id);
        if (sms.clientRef != null) {
            r.put("out_id", sms.clientRef);
        }
        return r;
    }

    @Override
    protected JsonNode replyJson(String phone, String text, String signName, long sequence, Instant at) {
        ArrayNode push = mapper.createArrayNode();
        ObjectNode r = push.addObject();
        r.put("phone_number", national(phone));
        r.put("send_time", LOCAL.format(at));
        r.put("content", text);
        r.put("sign_name", signName);
        r.put("dest_code", "1234");
        r.put("sequence_id", sequence);
        return push;
    }

    private static String national(String e164) {
        return e164.startsWith("+86") ? e164.substring(3) : e164.substring(1);
    }
}
