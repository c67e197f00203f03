package io.siyu.channel.wecom.internal;

import static io.siyu.channel.kit.SettingValues.required;

import io.siyu.channel.kit.AccountNames;
import io.siyu.channel.kit.SettingValues;
import java.util.Map;

/**
 * One account's configuration, checked. {@link #toString()} leaves the secret, token and key out,
 * so the settings can be logged.
 */
record WeComSettings(String account, String corpId, String secret, String agentId, String token,
        String encodingAesKey, String apiBase, long callbackMaxSkewSeconds, int massQuotaPerDay,
        long resultPollSeconds) {
    static final String FACTORY_PID = "io.siyu.channel.wecom";
    static final String DEFAULT_API_BASE = "https://qyapi.weixin.qq.com";
    static final long DEFAULT_MAX_SKEW_SECONDS = 300;
    static final int DEFAULT_MASS_QUOTA_PER_DAY = 1;
    static final long DEFAULT_RESULT_POLL_SECONDS = 60;

    WeComSettings {
        account = required(account, "account");
        corpId = required(corpId, "corpId");
        secret = required(secret, "secret");
        agentId = agentId == null ? "" : agentId.strip();
        token = required(token, "token");
        encodingAesKey = required(encodingAesKey, "encodingAesKey");
        if (encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("encodingAesKey must be 43 characters");
        }
        apiBase = SettingValues.baseUrl(apiBase, DEFAULT_API_BASE);
        if (callbackMaxSkewSeconds < 0) {
            throw new IllegalArgumentException("callbackMaxSkewSeconds must not be negative");
        }
        if (massQuotaPerDay < 0) {
            throw new IllegalArgumentException("massQuotaPerDay must not be negative");
        }
        if (resultPollSeconds < 1) {
            throw new IllegalArgumentException("resultPollSeconds must be positive");
        }
    }

    static WeComSettings of(WeComConfiguration c, Map<String, ?> properties) {
        return new WeComSettings(accountName(properties), c.corpId(), c.secret(), c.agentId(), c.token(),
                c.encodingAesKey(), c.apiBase(), c.callbackMaxSkewSeconds(), c.massQuotaPerDay(),
                c.resultPollSeconds());
    }

    /** The account of {@code etc/io.siyu.channel.wecom-<account>.cfg}, as {@link AccountNames#of} finds it. */
    static String accountName(Map<String, ?> properties) {
        return AccountNames.of(properties, FACTORY_PID + "-", "");
    }

    /** The API's base with {@code /cgi-bin}, as the kit's client wants it. */
    String cgiBin() {
        return apiBase + "/cgi-bin";
    }

    @Override
    public String toString() {
        return "WeComSettings[account=" + account + ", corpId=" + corpId + ", agentId=" + agentId + ", apiBase="
                + apiBase + ", callbackMaxSkewSeconds=" + callbackMaxSkewSeconds + ", massQuotaPerDay="
                + massQuotaPerDay + ", resultPollSeconds=" + resultPollSeconds + "]";
    }
}
