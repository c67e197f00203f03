package io.siyu.channel.sandbox.smsaliyun;

import java.nio.file.Path;
import java.util.List;

/**
 * The simulated Aliyun SMS (Dysmsapi) account.
 *
 * @param signNames approved signatures; empty accepts any non-empty one
 * @param templateCodes approved template codes; empty accepts any
 * @param callsPerSecond requests per second before {@code Throttling.User}
 * @param maxSkewSeconds how far {@code Timestamp} may be from the server clock
 *        ({@code InvalidTimeStamp.Expired}), and how long a {@code SignatureNonce} is remembered
 *        ({@code SignatureNonceUsed}); Aliyun allows 15 minutes
 * @param callbackUrl where SmsReport and SmsUp are pushed (one URL for both here)
 * @param reportDelayMillis after a send, its status reports are pushed; negative: only on control/report
 */
public record AliyunSmsSandboxConfig(String accessKeyId, String accessKeySecret, List<String> signNames,
        List<String> templateCodes, int callsPerSecond, long maxSkewSeconds, String callbackUrl, long reportDelayMillis,
        Path stateFile) {
    public static final String DEFAULT_ACCESS_KEY_ID = "LTAIsandboxSmsAliyun0001";
    public static final String DEFAULT_ACCESS_KEY_SECRET = "sandboxSmsAliyunAccessKeySecret01";
    public static final int DEFAULT_CALLS_PER_SECOND = 5000;
    public static final long DEFAULT_MAX_SKEW_SECONDS = 900;
    public static final String DEFAULT_CALLBACK_URL =
            "http://localhost:8181/siyu/callback/sms-aliyun/demo?token=sandbox-callback-token";
    public static final long DEFAULT_REPORT_DELAY_MILLIS = 1000;

    public AliyunSmsSandboxConfig {
        requireText(accessKeyId, "accessKeyId");
        requireText(accessKeySecret, "accessKeySecret");
        signNames = clean(signNames);
        templateCodes = clean(templateCodes);
        if (callsPerSecond < 1 || maxSkewSeconds < 1) {
            throw new IllegalArgumentException("callsPerSecond and maxSkewSeconds must be positive");
        }
        requireText(callbackUrl, "callbackUrl");
    }

    public static AliyunSmsSandboxConfig defaults() {
        return new AliyunSmsSandboxConfig(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, List.of(),
                List.of(), DEFAULT_CALLS_PER_SECOND, DEFAULT_MAX_SKEW_SECONDS, DEFAULT_CALLBACK_URL,
                DEFAULT_REPORT_DELAY_MILLIS, null);
    }

    public AliyunSmsSandboxConfig withCallbackUrl(String url) {
        return new AliyunSmsSandboxConfig(accessKeyId, accessKeySecret, signNames, templateCodes, callsPerSecond,
                maxSkewSeconds, url, reportDelayMillis, stateFile);
    }

    public AliyunSmsSandboxConfig withCallsPerSecond(int calls) {
        return new AliyunSmsSandboxConfig(accessKeyId, accessKeySecret, signNames, templateCodes, calls,
                maxSkewSeconds, callbackUrl, reportDelayMillis, stateFile);
    }

    public AliyunSmsSandboxConfig withReportDelayMillis(long millis) {
        return new AliyunSmsSandboxConfig(accessKeyId, accessKeySecret, signNames, templateCodes, callsPerSecond,
                maxSkewSeconds, callbackUrl, millis, stateFile);
    }

    public AliyunSmsSandboxConfig withApproved(List<String> signs, List<String> templates) {
        return new AliyunSmsSandboxConfig(accessKeyId, accessKeySecret, signs, templates, callsPerSecond,
                maxSkewSeconds, callbackUrl, reportDelayMillis, stateFile);
    }

    static List<String> clean(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** The secret stays out of logs. */
    @Override
    public String toString() {
        return "AliyunSmsSandboxConfig[accessKeyId=" + accessKeyId + ", signNames=" + signNames
                + ", templateCodes=" + templateCodes + ", callsPerSecond=" + callsPerSecond + ", maxSkewSeconds="
                + maxSkewSeconds + ", callbackUrl=" + callbackUrl.replaceAll("token=[^&]*", "token=***")
                + ", reportDelayMillis=" + reportDelayMillis + ", stateFile=" + stateFile + "]";
    }
}
