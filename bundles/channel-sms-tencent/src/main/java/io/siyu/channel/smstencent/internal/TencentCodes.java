package io.siyu.channel.smstencent.internal;

import io.siyu.api.channel.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What Tencent Cloud's codes mean for delivery. Per number ({@code SendStatusSet[].Code}):
 * {@code Ok} is sent; the per-number frequency limits ({@code LimitExceeded.PhoneNumber*}) are
 * tried again when their window ends (30 s, 1 h, the next day in China); internal errors and a
 * package out of balance later; everything else ({@code InvalidParameterValue.IncorrectPhoneNumber},
 * {@code FailedOperation.PhoneNumberInBlacklist}, {@code FailedOperation.ContainSensitiveWord}…)
 * fails that number for good. Whole calls ({@code Response.Error.Code}): {@code AuthFailure.*} is
 * the account's set-up and fails for good with what to check, except
 * {@code AuthFailure.SignatureExpire} (this node's clock is more than 5 minutes off), which waits
 * for the clock to be fixed; {@code RequestLimitExceeded} backs off; template, signature and
 * parameter errors fail for good.
 */
final class TencentCodes {
    static final String OK = "Ok";
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private TencentCodes() {
    }

    /** The result for one number of an answered call. */
    static SendResult number(String code, String message, String serialNo, Instant now) {
        if (OK.equals(code)) {
            return SendResult.Accepted.of(serialNo == null || serialNo.isBlank() ? null : serialNo);
        }
        SendResult retry = retryable(code, message, now);
        return retry != null ? retry : new SendResult.PermanentFailure(code, message);
    }

    /** The result for every number of a call Tencent Cloud refused as a whole. */
    static SendResult call(String code, String message, Instant now) {
        if (code.equals("AuthFailure.SignatureExpire")) {
            return new SendResult.TransientFailure(code, "clock skew: this node's clock is more than 5 minutes off "
                    + "Tencent Cloud's; fix it (NTP) and the messages go out. " + message, Duration.ofMinutes(1));
        }
        if (code.startsWith("AuthFailure.")) {
            return new SendResult.PermanentFailure(code, "Tencent Cloud refused the credentials: " + message
                    + " (check secretId and secretKey, and that the CAM key may call sms:SendSms)");
        }
        if (code.equals("UnauthorizedOperation.SmsSdkAppIdVerifyFail")) {
            return new SendResult.PermanentFailure(code, "the SmsSdkAppId does not belong to these credentials: " + message);
        }
        if (code.equals("LimitExceeded.PhoneNumberCountLimit")) {
            return new SendResult.PermanentFailure(code, message);
        }
        SendResult retry = retryable(code, message, now);
        return retry != null ? retry : new SendResult.PermanentFailure(code, message);
    }

    /** Whether the account's credentials were refused: nothing can go out until they are fixed. */
    static boolean isAuthFailure(String code) {
        return code != null && code.startsWith("AuthFailure.") && !code.equals("AuthFailure.SignatureExpire");
    }

    /** The transient result of {@code code}, with how long to wait where known; null when it is permanent. */
    private static SendResult retryable(String code, String message, Instant now) {
        if (code.startsWith("RequestLimitExceeded")) {
            return new SendResult.TransientFailure(code, message, Duration.ofSeconds(1));
        }
        if (code.equals("LimitExceeded.PhoneNumberThirtySecondLimit")) {
            return new SendResult.TransientFailure(code, message, Duration.ofSeconds(30));
        }
        if (code.equals("LimitExceeded.PhoneNumberOneHourLimit")) {
            return new SendResult.TransientFailure(code, message, Duration.ofHours(1));
        }
        if (code.endsWith("DailyLimit")) {
            // daily limits (per number, per number and content, per app) reset at midnight in China
            Instant midnight = LocalDate.ofInstant(now, CHINA).plusDays(1).atStartOfDay(CHINA).toInstant();
            return new SendResult.TransientFailure(code, message, Duration.between(now, midnight));
        }
        if (code.startsWith("LimitExceeded.")) {
            return new SendResult.TransientFailure(code, message, null);
        }
        if (code.startsWith("InternalError") || code.startsWith("ResourceUnavailable")
                || code.equals("FailedOperation.InsufficientBalanceInSmsPackage")) {
            // the provider's trouble, or a package to top up: messages wait rather than fail
            return new SendResult.TransientFailure(code, message, code.startsWith("FailedOperation")
                    ? Duration.ofMinutes(10) : null);
        }
        return null;
    }
}
