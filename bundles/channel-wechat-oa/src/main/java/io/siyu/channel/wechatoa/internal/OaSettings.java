package io.siyu.channel.wechatoa.internal;

import static io.siyu.channel.kit.SettingValues.required;

import io.siyu.channel.kit.AccountNames;
import io.siyu.channel.kit.Secrets;
import io.siyu.channel.kit.SettingValues;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One account's configuration, checked. {@link #toString()} leaves the secret, token and key out,
 * so the settings can be logged.
 *
 * @param encodingAesKey null in plain mode
 * @param subscription true for a subscription account (one mass send a day), false for a service account
 */
record OaSettings(String account, String appId, String appSecret, String token, String encodingAesKey,
        String apiBase, long callbackMaxSkewSeconds, boolean subscription, int massPerMonth) {
    /**
     * Karaf's file installer takes a factory PID up to the first dash of a file name, so
     * {@code etc/io.siyu.channel.wechat-oa-main.cfg} is factory {@code io.siyu.channel.wechat}, named
     * {@code oa-main}. Other WeChat channels may share that factory PID: only {@code oa-} names are ours.
     */
    static final String FACTORY_PID = "io.siyu.channel.wechat";
    static final String FILE_PREFIX = "io.siyu.channel.wechat-oa-";
    static final String NAME_PREFIX = "oa-";
    static final String DEFAULT_API_BASE = "https://api.weixin.qq.com";
    static final long DEFAULT_MAX_SKEW_SECONDS = 300;
    static final int DEFAULT_MASS_PER_MONTH = 4;

    OaSettings {
        account = required(account, "account");
        appId = required(appId, "appId");
        appSecret = required(appSecret, "appSecret");
        token = required(token, "token");
        encodingAesKey = encodingAesKey == null || encodingAesKey.isBlank() ? null : encodingAesKey.strip();
        if (encodingAesKey != null && encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("encodingAesKey must be 43 characters, or empty for plain mode");
        }
        apiBase = SettingValues.baseUrl(apiBase, DEFAULT_API_BASE);
        if (apiBase.endsWith("/cgi-bin")) {
            apiBase = apiBase.substring(0, apiBase.length() - "/cgi-bin".length());
        }
        if (callbackMaxSkewSeconds < 0) {
            throw new IllegalArgumentException("callbackMaxSkewSeconds must not be negative");
        }
        if (massPerMonth < 0) {
            throw new IllegalArgumentException("massPerMonth must not be negative");
        }
    }

    static OaSettings of(OaConfiguration c, Map<String, ?> properties) {
        return of(c, properties, System::getenv);
    }

    static OaSettings of(OaConfiguration c, Map<String, ?> properties, UnaryOperator<String> env) {
        return new OaSettings(accountName(properties), c.appId(), Secrets.resolve(c.appSecret(), "appSecret", env),
                Secrets.resolve(c.token(), "token", env), Secrets.resolve(c.encodingAesKey(), "encodingAesKey", env),
                c.apiBase(),
                c.callbackMaxSkewSeconds(), subscription(c.accountType()), c.massPerMonth());
    }

    static boolean subscription(String accountType) {
        String t = accountType == null ? "" : accountType.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "":
            case "service":
                return false;
            case "subscription":
                return true;
            default:
                throw new IllegalArgumentException("accountType must be service or subscription, not " + accountType);
        }
    }

    /** Whether a configuration of the shared factory PID is an official account ({@link AccountNames#claims}). */
    static boolean isOfficialAccount(Map<String, ?> properties) {
        return AccountNames.claims(properties, FILE_PREFIX, NAME_PREFIX);
    }

    /** The account of {@code etc/io.siyu.channel.wechat-oa-<account>.cfg}, or of a configuration named {@code oa-<account>}. */
    static String accountName(Map<String, ?> properties) {
        return AccountNames.of(properties, FILE_PREFIX, NAME_PREFIX);
    }

    /** The API's base with {@code /cgi-bin}, as the kit's client wants it. */
    String cgiBin() {
        return apiBase + "/cgi-bin";
    }

    boolean safeMode() {
        return encodingAesKey != null;
    }

    @Override
    public String toString() {
        return "OaSettings[account=" + account + ", appId=" + appId + ", mode=" + (safeMode() ? "safe" : "plain")
                + ", apiBase=" + apiBase + ", callbackMaxSkewSeconds=" + callbackMaxSkewSeconds + ", accountType="
                + (subscription ? "subscription" : "service") + ", massPerMonth=" + massPerMonth + "]";
    }
}
