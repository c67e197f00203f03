package io.siyu.channel.smsaliyun.internal;

import io.siyu.api.channel.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * What Aliyun's codes mean for delivery. A SendSms call succeeds ({@code OK}) or fails as a whole:
 * <ul>
 * <li>{@code isv.BUSINESS_LIMIT_CONTROL} (a number's minute, hour or day limit; the message says
 * which) and {@code isv.DAY_LIMIT_CONTROL}: tried again when the window ends;</li>
 * <li>{@code Throttling.*} (our request rate): backs off; {@code isp.*}, {@code ServiceUnavailable},
 * {@code InternalError}, an account out of balance ({@code isv.AMOUNT_NOT_ENOUGH},
 * {@code isv.OUT_OF_SERVICE}): later;</li>
 * <li>{@code SignatureDoesNotMatch}, {@code InvalidAccessKeyId.*}, {@code Forbidden.*},
 * {@code isv.ACCOUNT_*}: the credentials, for good, with what to check (the account is DOWN);</li>
 * <li>{@code InvalidTimeStamp.Expired}: this node's clock, waiting for it to be fixed;</li>
 * <li>every other {@code isv.*} ({@code MOBILE_NUMBER_ILLEGAL}, template and signature errors,
 * {@code INVALID_JSON_PARAM}, {@code BLACK_KEY_CONTROL_LIMIT}…): for good.</li>
 * </ul>
 */
final class AliyunCodes {
    static final String OK = "OK";
    static final String MOBILE_NUMBER_ILLEGAL = "isv.MOBILE_NUMBER_ILLEGAL";
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Set<String> CREDENTIALS = Set.of("SignatureDoesNotMatch", "IncompleteSignature",
            "isv.ACCOUNT_NOT_EXISTS", "isv.ACCOUNT_ABNORMAL");

    private AliyunCodes() {
    }

    static SendResult failure(String code, String message, Instant now) {
        if (isCredentialFailure(code)) {
            return new SendResult.PermanentFailure(code, "Aliyun refused the credentials: " + message
                    + " (check accessKeyId and accessKeySecret, and that the RAM user may call dysms:SendSms)");
        }
        if (code.startsWith("InvalidTimeStamp")) {
            return new SendResult.TransientFailure(code, "clock skew: this node's clock is more than 15 minutes off "
                    + "Aliyun's; fix it (NTP) and the messages go out. " + message, Duration.ofMinutes(1));
        }
        if (code.startsWith("Throttling")) {
            return new SendResult.TransientFailure(code, message, Duration.ofSeconds(1));
        }
        if (code.equals("isv.BUSINESS_LIMIT_CONTROL") || code.equals("isv.DAY_LIMIT_CONTROL")) {
            return new SendResult.TransientFailure(code, message, window(code, message, now));
        }
        if (code.startsWith("isp.") || code.equals("ServiceUnavailable") || code.startsWith("InternalError")
                || code.equals("SignatureNonceUsed")) {
            return new SendResult.TransientFailure(code, message, null);
        }
        if (code.equals("isv.AMOUNT_NOT_ENOUGH") || code.equals("isv.OUT_OF_SERVICE")) {
            return new SendResult.TransientFailure(code, message + " (top the account up; messages wait)",
                    Duration.ofMinutes(10));
        }
        return new SendResult.PermanentFailure(code, message);
    }

    static boolean isCredentialFailure(String code) {
        return CREDENTIALS.contains(code) || code.startsWith("InvalidAccessKeyId") || code.startsWith("Forbidden");
    }

    static boolean isClockSkew(String code) {
        return code.startsWith("InvalidTimeStamp");
    }

    /** How long a number's limit lasts: "天级" (day) until midnight in China, "小时级" (hour) an hour, else a minute. */
    private static Duration window(String code, String message, Instant now) {
        String m = message == null ? "" : message;
        if (code.equals("isv.DAY_LIMIT_CONTROL") || m.contains("天级") || m.toLowerCase(java.util.Locale.ROOT).contains("day")) {
            Instant midnight = LocalDate.ofInstant(now, CHINA).plusDays(1).atStartOfDay(CHINA).toInstant();
            return Duration.between(now, midnight);
        }
        if (m.contains("小时级") || m.toLowerCase(java.util.Locale.ROOT).contains("hour")) {
            return Duration.ofHours(1);
        }
        return Duration.ofMinutes(1);
    }
}
