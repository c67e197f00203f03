package io.siyu.channel.sandbox.wecom;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The simulated corp: its credentials, callback settings and the platform limits it enforces.
 *
 * @param tokenTtlSeconds lifetime of an access token ({@code expires_in})
 * @param callsPerMinute API calls allowed per minute; the next ones answer 45009 until the minute is over
 * @param massQuotaPerDay mass messages one customer (or customer group) receives per Asia/Shanghai day
 * @param callbackUrl where callbacks are POSTed (the adapter's {@code /siyu/callback/wecom/<account>})
 * @param stateFile where the state is kept across restarts; null keeps it in memory only
 */
public record WeComSandboxConfig(String corpId, String corpSecret, String token, String encodingAesKey,
        String agentId, long tokenTtlSeconds, int callsPerMinute, int massQuotaPerDay, String callbackUrl,
        Path stateFile) {
    public static final String DEFAULT_CORP_ID = "wwsandbox0000000001";
    public static final String DEFAULT_CORP_SECRET = "sandbox-corp-secret";
    public static final String DEFAULT_TOKEN = "sandboxtoken";
    public static final String DEFAULT_ENCODING_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public static final String DEFAULT_AGENT_ID = "1000002";
    public static final long DEFAULT_TOKEN_TTL_SECONDS = 7200;
    public static final int DEFAULT_CALLS_PER_MINUTE = 10_000;
    public static final int DEFAULT_MASS_QUOTA_PER_DAY = 1;
    public static final String DEFAULT_CALLBACK_URL = "http://localhost:8181/siyu/callback/wecom/demo";

    public WeComSandboxConfig {
        Objects.requireNonNull(corpId, "corpId");
        Objects.requireNonNull(corpSecret, "corpSecret");
        Objects.requireNonNull(token, "token");
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("encodingAesKey must be 43 characters");
        }
        agentId = agentId == null ? "" : agentId;
        if (tokenTtlSeconds < 1 || callsPerMinute < 1 || massQuotaPerDay < 0) {
            throw new IllegalArgumentException("tokenTtlSeconds and callsPerMinute must be positive, massQuotaPerDay not negative");
        }
    }

    public static WeComSandboxConfig defaults() {
        return new WeComSandboxConfig(DEFAULT_CORP_ID, DEFAULT_CORP_SECRET, DEFAULT_TOKEN,
                DEFAULT_ENCODING_AES_KEY, DEFAULT_AGENT_ID, DEFAULT_TOKEN_TTL_SECONDS, DEFAULT_CALLS_PER_MINUTE,
                DEFAULT_MASS_QUOTA_PER_DAY, DEFAULT_CALLBACK_URL, null);
    }

    public WeComSandboxConfig withCallbackUrl(String url) {
        return new WeComSandboxConfig(corpId, corpSecret, token, encodingAesKey, agentId, tokenTtlSeconds,
                callsPerMinute, massQuotaPerDay, url, stateFile);
    }

    public WeComSandboxConfig withStateFile(Path file) {
        return new WeComSandboxConfig(corpId, corpSecret, token, encodingAesKey, agentId, tokenTtlSeconds,
                callsPerMinute, massQuotaPerDay, callbackUrl, file);
    }

    public WeComSandboxConfig withCallsPerMinute(int calls) {
        return new WeComSandboxConfig(corpId, corpSecret, token, encodingAesKey, agentId, tokenTtlSeconds,
                calls, massQuotaPerDay, callbackUrl, stateFile);
    }

    public WeComSandboxConfig withMassQuotaPerDay(int quota) {
        return new WeComSandboxConfig(corpId, corpSecret, token, encodingAesKey, agentId, tokenTtlSeconds,
                callsPerMinute, quota, callbackUrl, stateFile);
    }

    public WeComSandboxConfig withTokenTtlSeconds(long seconds) {
        return new WeComSandboxConfig(corpId, corpSecret, token, encodingAesKey, agentId, seconds,
                callsPerMinute, massQuotaPerDay, callbackUrl, stateFile);
    }

    /** Secrets stay out of logs. */
    @Override
    public String toString() {
        return "WeComSandboxConfig[corpId=" + corpId + ", agentId=" + agentId + ", tokenTtlSeconds=" + tokenTtlSeconds
                + ", callsPerMinute=" + callsPerMinute + ", massQuotaPerDay=" + massQuotaPerDay + ", callbackUrl="
                + callbackUrl + ", stateFile=" + stateFile + "]";
    }
}
