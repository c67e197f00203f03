package io.siyu.channel.sandbox.smstencent;

import java.nio.file.Path;
import java.util.List;

/**
 * The simulated Tencent Cloud SMS account.
 *
 * @param signNames approved signatures; empty accepts any non-empty one
 * @param templateIds approved template ids; empty accepts any
 * @param callsPerSecond requests per second before {@code RequestLimitExceeded}
 * @param maxSkewSeconds how far {@code X-TC-Timestamp} may be from the server clock
 *        ({@code AuthFailure.SignatureExpire}); Tencent Cloud allows 5 minutes
 * @param callbackUrl where status reports and replies are pushed (one URL for both here)
 * @param reportDelayMillis after a send, its status reports are pushed; negative: only on control/report
 */
public record TencentSmsSandboxConfig(String secretId, String secretKey, String sdkAppId, List<String> signNames,
        List<String> templateIds, int callsPerSecond, long maxSkewSeconds, String callbackUrl, long reportDelayMillis,
        Path stateFile) {
    public static final String DEFAULT_SECRET_ID = "AKIDsandboxSmsTencent000000000000001";
    public static final String DEFAULT_SECRET_KEY = "sandboxSmsTencentSecretKey000001";
    public static final String DEFAULT_SDK_APP_ID = "1400000001";
    public static final int DEFAULT_CALLS_PER_SECOND = 3000;
    public static final long DEFAULT_MAX_SKEW_SECONDS = 300;
    public static final String DEFAULT_CALLBACK_URL =
            "http://localhost:8181/siyu/callback/sms-tencent/demo?token=sandbox-callback-token";
    public static final long DEFAULT_REPORT_DELAY_MILLIS = 1000;

    public TencentSmsSandboxConfig {
        requireText(secretId, "secretId");
        requireText(secretKey, "secretKey");
        requireText(sdkAppId, "sdkAppId");
        signNames = clean(signNames);
        templateIds = clean(templateIds);
        if (callsPerSecond < 1 || maxSkewSeconds < 1) {
            throw new IllegalArgumentException("callsPerSecond and maxSkewSeconds must be positive");
        }
        requireText(callbackUrl, "callbackUrl");
    }

    public static TencentSmsSandboxConfig defaults() {
        return new TencentSmsSandboxConfig(DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, DEFAULT_SDK_APP_ID, List.of(),
                List.of(), DEFAULT_CALLS_PER_SECOND, DEFAULT_MAX_SKEW_SECONDS, DEFAULT_CALLBACK_URL,
                DEFAULT_REPORT_DELAY_MILLIS, null);
    }

    public TencentSmsSandboxConfig withCallbackUrl(String url) {
        return new TencentSmsSandboxConfig(secretId, secretKey, sdkAppId, signNames, templateIds, callsPerSecond,
                maxSkewSeconds, url, reportDelayMillis, stateFile);
    }

    public TencentSmsSandboxConfig withCallsPerSecond(int calls) {
        return new TencentSmsSandboxConfig(secretId, secretKey, sdkAppId, signNames, templateIds, calls,
                maxSkewSeconds, callbackUrl, reportDelayMillis, stateFile);
    }

    public TencentSmsSandboxConfig withReportDelayMillis(long millis) {
        return new TencentSmsSandboxConfig(secretId, secretKey, sdkAppId, signNames, templateIds, callsPerSecond,
                maxSkewSeconds, callbackUrl, millis, stateFile);
    }

    public TencentSmsSandboxConfig withApproved(List<String> signs, List<String> templates) {
        return new TencentSmsSandboxConfig(secretId, secretKey, sdkAppId, signs, templates, callsPerSecond,
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

    /** The secret key stays out of logs. */
    @Override
    public String toString() {
        return "TencentSmsSandboxConfig[secretId=" + secretId + ", sdkAppId=" + sdkAppId + ", signNames=" + signNames
                + ", templateIds=" + templateIds + ", callsPerSecond=" + callsPerSecond + ", maxSkewSeconds="
                + maxSkewSeconds + ", callbackUrl=" + callbackUrl.replaceAll("token=[^&]*", "token=***")
                + ", reportDelayMillis=" + reportDelayMillis + ", stateFile=" + stateFile + "]";
    }
}
