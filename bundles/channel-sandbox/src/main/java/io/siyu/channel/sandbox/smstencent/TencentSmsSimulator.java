package io.siyu.channel.sandbox.smstencent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.kit.signing.Tc3Signer;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.SmsSandboxState.Sms;
import io.siyu.channel.sandbox.SmsSimulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Tencent Cloud SMS ({@code sms.tencentcloudapi.com}, {@code SendSms} 2021-01-11) as its
 * documentation describes it (channels.md §5): requests signed with TC3-HMAC-SHA256 and checked the
 * way the platform checks them (the signature recomputed from the request's method, signed headers
 * and body bytes; the credential's date and service; the timestamp within 5 minutes), at most 200
 * numbers per call, a status per number in {@code SendStatusSet}, errors as
 * {@code {"Response":{"Error":{"Code","Message"},"RequestId"}}} with HTTP 200. Status reports (a JSON
 * array of {@code sid}, {@code mobile}, {@code report_status}…) and replies ({@code mobile},
 * {@code text}, {@code sign}, {@code time}…) are pushed to the callback URL as the platform pushes
 * them. Controls: {@link SmsSimulator}.
 */
public final class TencentSmsSimulator extends SmsSimulator {
    public static final String ACTION = "SendSms";
    public static final String VERSION = "2021-01-11";
    public static final String SERVICE = "sms";
    public static final int MAX_NUMBERS = 200;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final DateTimeFormatter RECEIVE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final TencentSmsSandboxConfig config;

    public TencentSmsSimulator(TencentSmsSandboxConfig config, Clock clock) {
        super("Tencent Cloud SMS", clock, config.stateFile(), config.callsPerSecond(), config.callbackUrl(),
                config.reportDelayMillis());
        this.config = config;
    }

    public TencentSmsSandboxConfig config() {
        return config;
    }

    @Override
    protected SimResponse api(SimRequest request, String api) {
        List<Sms> accepted = new ArrayList<>();
        SimResponse answer;
        synchronized (this) {
            answer = send(request, UUID.randomUUID().toString(), accepted);
        }
        reportLater(accepted);
        return answer;
    }

    private SimResponse send(SimRequest request, String requestId, List<Sms> accepted) {
        Instant now = now();
        if (!request.method().equals("POST")) {
            return error("UnsupportedProtocol", "the sandbox takes SendSms as POST with a JSON body", requestId);
        }
        String action = request.header("X-TC-Action");
        if (action == null || action.isBlank()) {
            return error("MissingParameter", "The request is missing a required parameter `Action`.", requestId);
        }
        if (!ACTION.equals(action)) {
            return error("InvalidAction", "The action requested `" + action + "` was invalid.", requestId);
        }
        if (!VERSION.equals(request.header("X-TC-Version"))) {
            return error("NoSuchVersion", "The requested version `" + request.header("X-TC-Version")
                    + "` is not supported; SendSms is " + VERSION + ".", requestId);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(String.valueOf(request.header("X-TC-Timestamp")).strip());
        } catch (NumberFormatException e) {
            return error("MissingParameter", "The request is missing a valid `X-TC-Timestamp`.", requestId);
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > config.maxSkewSeconds()) {
            return error("AuthFailure.SignatureExpire", "Signature expired. Timestamp is " + timestamp
                    + ", the server time is " + now.getEpochSecond() + ", the maximum allowed deviation is "
                    + config.maxSkewSeconds() + " seconds.", requestId);
        }
        SimResponse refused = checkSignature(request, timestamp, requestId);
        if (refused != null) {
            return refused;
        }
        if (!admitThisSecond(now)) {
            return error("RequestLimitExceeded", "Your requests in this second exceed the limit of "
                    + config.callsPerSecond() + " per second. Please reduce the frequency of calls.", requestId);
        }
        String fault = callFault();
        if (fault != null) {
            return error(fault, "injected by the sandbox", requestId);
        }
        JsonNode body;
        try {
            body = mapper.readTree(request.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return error("InvalidParameter", "The request body is not a JSON object.", requestId);
        }
        JsonNode numbers = body.path("PhoneNumberSet");
        if (!numbers.isArray() || numbers.isEmpty()) {
            return error("MissingParameter", "The request is missing a required parameter `PhoneNumberSet`.", requestId);
        }
        if (numbers.size() > MAX_NUMBERS) {
            return error("LimitExceeded.PhoneNumberCountLimit", "A request takes at most " + MAX_NUMBERS
                    + " numbers; it had " + numbers.size() + ".", requestId);
        }
        if (!config.sdkAppId().equals(body.path("SmsSdkAppId").asText())) {
            return error("UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verification failed.", requestId);
        }
        String templateId = body.path("TemplateId").asText("");
        if (templateId.isEmpty()) {
            return error("MissingParameter", "The request is missing a required parameter `TemplateId`.", requestId);
        }
        if (!config.templateIds().isEmpty() && !config.templateIds().contains(templateId)) {
            return error("FailedOperation.TemplateIncorrectOrUnapproved", "The template " + templateId
                    + " is not approved.", requestId);
        }
        String sign = body.path("SignName").asText("");
        boolean anyMainland = false;
        boolean anyAbroad = false;
        for (JsonNode n : numbers) {
            if (!E164.matcher(n.asText()).matches()) {
                continue; // answered per number below
            }
            boolean mainland = n.asText().startsWith("+86");
            anyMainland |= mainland;
            anyAbroad |= !mainland;
        }
        if (anyMainland && anyAbroad) {
            return error("UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
                    "A request cannot mix mainland China and other numbers.", requestId);
        }
        if (anyMainland && (sign.isEmpty() || !config.signNames().isEmpty() && !config.signNames().contains(sign))) {
            return error("FailedOperation.SignatureIncorrectOrUnapproved", "The signature `" + sign
                    + "` is missing or not approved.", requestId);
        }
        List<String> params = new ArrayList<>();
        for (JsonNode p : body.path("TemplateParamSet")) {
            if (!p.isTextual()) {
                return error("InvalidParameterValue.TemplateParameterFormatError",
                        "TemplateParamSet holds strings only.", requestId);
            }
            params.add(p.asText());
        }
        String session = body.path("SessionContext").asText("");
        ObjectNode response = mapper.createObjectNode();
        ObjectNode inner = response.putObject("Response");
        ArrayNode set = inner.putArray("SendStatusSet");
        for (JsonNode n : numbers) {
            String phone = n.asText("");
            ObjectNode status = set.addObject();
            status.put("PhoneNumber", phone);
            status.put("SessionContext", session);
            String code = E164.matcher(phone).matches() ? numberFault(phone) : "InvalidParameterValue.IncorrectPhoneNumber";
            if (code == null) {
                Sms sms = accept("2433:" + (++state.sequence) + randomHex(8), phone, sign, templateId, params, session,
                        now);
                accepted.add(sms);
                status.put("SerialNo", sms.id);
                status.put("Fee", 1);
                status.put("Code", "Ok");
                status.put("Message", "send success");
            } else {
                status.put("SerialNo", "");
                status.put("Fee", 0);
                status.put("Code", code);
                status.put("Message", code.equals("InvalidParameterValue.IncorrectPhoneNumber")
                        ? "incorrect phone number" : "injected by the sandbox");
            }
            status.put("IsoCode", phone.startsWith("+86") ? "CN" : "");
        }
        inner.put("RequestId", requestId);
        return json(response);
    }

    /** The platform's checks of the Authorization header, in its order; null when the request is genuine. */
    private SimResponse checkSignature(SimRequest request, long timestamp, String requestId) {
        Tc3Signer.Claimed claimed = Tc3Signer.parse(request.header("Authorization"));
        if (claimed == null) {
            return error("AuthFailure.InvalidAuthorization", "The Authorization header is not a valid "
                    + Tc3Signer.ALGORITHM + " one.", requestId);
        }
        if (!config.secretId().equals(claimed.secretId())) {
            return error("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your "
                    + "SecretId is correct.", requestId);
        }
        List<String> signed = List.of(claimed.signedHeaders().split(";"));
        if (!SERVICE.equals(claimed.service()) || !Tc3Signer.date(timestamp).equals(claimed.date())
                || !signed.contains("content-type") || !signed.contains("host")) {
            return error("AuthFailure.SignatureFailure", "The credential scope or the signed headers are wrong: "
                    + "the date must be the timestamp's UTC date, the service sms, and content-type and host signed.",
                    requestId);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : signed) {
            String value = request.header(name);
            if (value == null) {
                return error("AuthFailure.SignatureFailure", "The signed header " + name + " is missing.", requestId);
            }
            headers.put(name, value);
        }
        String query = request.query().isEmpty() ? "" : null;
        if (query == null) {
            return error("AuthFailure.SignatureFailure", "A POST carries no query string.", requestId);
        }
        Tc3Signer.Signature expected = Tc3Signer.sign(claimed.secretId(), config.secretKey(), SERVICE, "POST", query,
                headers, request.body(), timestamp);
        if (!Tc3Signer.same(expected.signature(), claimed.signature())) {
            return error("AuthFailure.SignatureFailure", "The provided credentials could not be validated. "
                    + "Please check your signature is correct.", requestId);
        }
        return null;
    }

    private SimResponse error(String code, String message, String requestId) {
        ObjectNode response = mapper.createObjectNode();
        ObjectNode inner = response.putObject("Response");
        ObjectNode error = inner.putObject("Error");
        error.put("Code", code);
        error.put("Message", message);
        inner.put("RequestId", requestId);
        return json(response);
    }

    @Override
    protected ObjectNode reportJson(Sms sms, boolean success, String code, Instant at) {
        ObjectNode r = mapper.createObjectNode();
        r.put("user_receive_time", RECEIVE_TIME.format(at));
        r.put("nationcode", countryCode(sms.phone));
        r.put("mobile", sms.phone.substring(1 + countryCode(sms.phone).length()));
        r.put("report_status", success ? "SUCCESS" : "FAIL");
        r.put("errmsg", success ? "DELIVRD" : code == null ? "MK:0001" : code);
        r.put("description", success ? "用户短信送达成功" : "用户短信未送达");
        r.put("sid", sms.id);
        return r;
    }

    @Override
    protected JsonNode replyJson(String phone, String text, String signName, long sequence, Instant at) {
        ObjectNode r = mapper.createObjectNode();
        r.put("extend", "");
        r.put("mobile", phone.substring(1 + countryCode(phone).length()));
        r.put("nationcode", countryCode(phone));
        r.put("sign", signName);
        r.put("text", text);
        r.put("time", at.getEpochSecond());
        return r;
    }

    /** The country code of an E.164 number, for the few the sandbox's examples use; else the first two digits. */
    static String countryCode(String e164) {
        String digits = e164.substring(1);
        for (String cc : List.of("852", "853", "886", "86", "1", "7")) {
            if (digits.startsWith(cc)) {
                return cc;
            }
        }
        return digits.substring(0, 2);
    }
}
