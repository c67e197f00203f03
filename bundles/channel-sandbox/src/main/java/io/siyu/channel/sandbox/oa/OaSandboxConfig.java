package io.siyu.channel.sandbox.oa;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The simulated Official Account: its credentials, callback settings and the platform limits it
 * enforces.
 *
 * @param appId the account's AppID; also the receiveid of safe-mode callbacks
 * @param originalId the account's original id ({@code gh_…}), the {@code ToUserName} of its callbacks
 * @param encodingAesKey the 43-character EncodingAESKey of safe mode; null for plain mode
 * @param accountType a service account limits mass messages per follower and month
 *        ({@code massPerMonth}), a subscription account to one mass send per day
 * @param massPerMonth mass messages one follower of a service account receives per natural month
 *        (Asia/Shanghai); 0 = unlimited
 * @param tokenTtlSeconds lifetime of an access token ({@code expires_in})
 * @param callsPerMinute API calls allowed per minute; the next ones answer 45009 until the minute is over
 * @param templateIds the template ids {@code message/template/send} knows; empty accepts any non-empty id
 * @param callbackUrl where callbacks are POSTed (the adapter's {@code /siyu/callback/wechat-oa/<account>})
 * @param jobFinishDelayMillis how long after a template or mass send its job-finish event is POSTed;
 *        negative: only when {@code control/finish-jobs} says so
 * @param stateFile where the state is kept across restarts; null keeps it in memory only
 */
public record OaSandboxConfig(String appId, String appSecret, String originalId, String token,
        String encodingAesKey, AccountType accountType, int massPerMonth, long tokenTtlSeconds, int callsPerMinute,
        List<String> templateIds, String callbackUrl, long jobFinishDelayMillis, Path stateFile) {
    public static final String DEFAULT_APP_ID = "wxsandboxoa0000001";
    /** 32 characters, like a real AppSecret; a secret of another length answers 40125. */
    public static final String DEFAULT_APP_SECRET = "5a4d1c2b3e4f6a7081920a1b2c3d4e5f";
    public static final String DEFAULT_ORIGINAL_ID = "gh_5a4d1c2b3e4f";
    public static final String DEFAULT_TOKEN = "sandboxtoken";
    public static final long DEFAULT_TOKEN_TTL_SECONDS = 7200;
    public static final int DEFAULT_CALLS_PER_MINUTE = 10_000;
    public static final int DEFAULT_MASS_PER_MONTH = 4;
    public static final long DEFAULT_JOB_FINISH_DELAY_MILLIS = 1000;
    public static final String DEFAULT_CALLBACK_URL = "http://localhost:8181/siyu/callback/wechat-oa/demo";

    /** What kind of Official Account it is; decides the mass-message rule. */
    public enum AccountType {
        SERVICE,
        SUBSCRIPTION;

        /** {@code service} or {@code subscription}, case-insensitive. */
        public static AccountType of(String name) {
            String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            switch (n) {
                case "":
                case "service":
                    return SERVICE;
                case "subscription":
                    return SUBSCRIPTION;
                default:
                    throw new IllegalArgumentException("accountType must be service or subscription: " + name);
            }
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OaSandboxConfig {
        requireText(appId, "appId");
        requireText(appSecret, "appSecret");
        requireText(originalId, "originalId");
        requireText(token, "token");
        encodingAesKey = encodingAesKey == null || encodingAesKey.isBlank() ? null : encodingAesKey.strip();
        if (encodingAesKey != null && encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("encodingAesKey must be 43 characters (or empty for plain mode)");
        }
        Objects.requireNonNull(accountType, "accountType");
        if (massPerMonth < 0 || tokenTtlSeconds < 1 || callsPerMinute < 1) {
            throw new IllegalArgumentException(
                    "tokenTtlSeconds and callsPerMinute must be positive, massPerMonth not negative");
        }
        templateIds = templateIds == null ? List.of()
                : templateIds.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
        requireText(callbackUrl, "callbackUrl");
    }

    public static OaSandboxConfig defaults() {
        return new OaSandboxConfig(DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_ORIGINAL_ID, DEFAULT_TOKEN, null,
                AccountType.SERVICE, DEFAULT_MASS_PER_MONTH, DEFAULT_TOKEN_TTL_SECONDS, DEFAULT_CALLS_PER_MINUTE,
                List.of(), DEFAULT_CALLBACK_URL, DEFAULT_JOB_FINISH_DELAY_MILLIS, null);
    }

    /** Whether callbacks are encrypted (safe mode). */
    public boolean safeMode() {
        return encodingAesKey != null;
    }

    public OaSandboxConfig withEncodingAesKey(String key) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, key, accountType, massPerMonth,
                tokenTtlSeconds, callsPerMinute, templateIds, callbackUrl, jobFinishDelayMillis, stateFile);
    }

    public OaSandboxConfig withAccountType(AccountType type) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, encodingAesKey, type, massPerMonth,
                tokenTtlSeconds, callsPerMinute, templateIds, callbackUrl, jobFinishDelayMillis, stateFile);
    }

    public OaSandboxConfig withMassPerMonth(int perMonth) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, encodingAesKey, accountType, perMonth,
                tokenTtlSeconds, callsPerMinute, templateIds, callbackUrl, jobFinishDelayMillis, stateFile);
    }

    public OaSandboxConfig withTokenTtlSeconds(long seconds) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, encodingAesKey, accountType, massPerMonth,
                seconds, callsPerMinute, templateIds, callbackUrl, jobFinishDelayMillis, stateFile);
    }

    public OaSandboxConfig withCallsPerMinute(int calls) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, encodingAesKey, accountType, massPerMonth,
                tokenTtlSeconds, calls, templateIds, callbackUrl, jobFinishDelayMillis, stateFile);
    }

    public OaSandboxConfig withTemplateIds(List<String> ids) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, encodingAesKey, accountType, massPerMonth,
                tokenTtlSeconds, callsPerMinute, ids, callbackUrl, jobFinishDelayMillis, stateFile);
    }

    public OaSandboxConfig withCallbackUrl(String url) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, encodingAesKey, accountType, massPerMonth,
                tokenTtlSeconds, callsPerMinute, templateIds, url, jobFinishDelayMillis, stateFile);
    }

    public OaSandboxConfig withJobFinishDelayMillis(long millis) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, encodingAesKey, accountType, massPerMonth,
                tokenTtlSeconds, callsPerMinute, templateIds, callbackUrl, millis, stateFile);
    }

    public OaSandboxConfig withStateFile(Path file) {
        return new OaSandboxConfig(appId, appSecret, originalId, token, encodingAesKey, accountType, massPerMonth,
                tokenTtlSeconds, callsPerMinute, templateIds, callbackUrl, jobFinishDelayMillis, file);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Secrets stay out of logs. */
    @Override
    public String toString() {
        return "OaSandboxConfig[appId=" + appId + ", originalId=" + originalId + ", mode="
                + (safeMode() ? "safe" : "plain") + ", accountType=" + accountType.configName() + ", massPerMonth="
                + massPerMonth + ", tokenTtlSeconds=" + tokenTtlSeconds + ", callsPerMinute=" + callsPerMinute
                + ", templateIds=" + templateIds + ", callbackUrl=" + callbackUrl + ", jobFinishDelayMillis="
                + jobFinishDelayMillis + ", stateFile=" + stateFile + "]";
    }
}
