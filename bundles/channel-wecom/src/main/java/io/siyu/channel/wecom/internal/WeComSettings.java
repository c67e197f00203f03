package io.siyu.channel.wecom.internal;

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
        apiBase = apiBase == null || apiBase.isBlank() ? DEFAULT_API_BASE : apiBase.strip();
        while (apiBase.endsWith("/")) {
            apiBase = apiBase.substring(0, apiBase.length() - 1);
        }
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

    /**
     * The {@code account} property; else what follows {@code io.siyu.channel.wecom-} in the name of
     * the file the configuration came from; else the configuration's name (what follows {@code ~}
     * in a named factory configuration's PID), else its PID.
     */
    static String accountName(Map<String, ?> properties) {
        Object explicit = properties.get("account");
        if (explicit != null && !explicit.toString().isBlank()) {
            return explicit.toString().strip();
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String name = file.toString().replace('\\', '/');
            name = name.substring(name.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                name = name.substring(0, dot);
            }
            String prefix = FACTORY_PID + "-";
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return name.substring(prefix.length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null) {
            String p = pid.toString();
            int tilde = p.indexOf('~');
            return tilde >= 0 && tilde < p.length() - 1 ? p.substring(tilde + 1) : p;
        }
        throw new IllegalArgumentException("the configuration names no account");
    }

    /** The API's base with {@code /cgi-bin}, as the kit's client wants it. */
    String cgiBin() {
        return apiBase + "/cgi-bin";
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    @Override
    public String toString() {
        return "WeComSettings[account=" + account + ", corpId=" + corpId + ", agentId=" + agentId + ", apiBase="
                + apiBase + ", callbackMaxSkewSeconds=" + callbackMaxSkewSeconds + ", massQuotaPerDay="
                + massQuotaPerDay + ", resultPollSeconds=" + resultPollSeconds + "]";
    }
}
