package io.siyu.channel.wechatoa.internal;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    OaSettings {
        account = required(account, "account");
        appId = required(appId, "appId");
        appSecret = required(appSecret, "appSecret");
        token = required(token, "token");
        encodingAesKey = encodingAesKey == null || encodingAesKey.isBlank() ? null : encodingAesKey.strip();
        if (encodingAesKey != null && encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("encodingAesKey must be 43 characters, or empty for plain mode");
        }
        apiBase = apiBase == null || apiBase.isBlank() ? DEFAULT_API_BASE : apiBase.strip();
        while (apiBase.endsWith("/")) {
            apiBase = apiBase.substring(0, apiBase.length() - 1);
        }
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
        return new OaSettings(accountName(properties), c.appId(), resolve(c.appSecret(), "appSecret", env),
                resolve(c.token(), "token", env), resolve(c.encodingAesKey(), "encodingAesKey", env), c.apiBase(),
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

    /**
     * Karaf fills in {@code ${env:NAME}} when it reads the file; a value that still has that form
     * came another way (config:property-set, a test) and is filled in here. A missing variable is
     * named in the error, its would-be value never.
     */
    static String resolve(String value, String name, UnaryOperator<String> env) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV.matcher(value.strip());
        if (!m.matches()) {
            return value;
        }
        String found = env.apply(m.group(1));
        if (found == null || found.isBlank()) {
            throw new IllegalArgumentException(name + ": environment variable " + m.group(1) + " is not set");
        }
        return found;
    }

    /**
     * The {@code account} property; else what follows {@code io.siyu.channel.wechat-oa-} in the name
     * of the file the configuration came from; else the configuration's name (what follows {@code ~}
     * in a named factory configuration's PID), else its PID.
     */
    /**
     * Whether a configuration of the shared factory PID is an official account: named {@code account}
     * explicitly, from an {@code io.siyu.channel.wechat-oa-*.cfg} file, or a configuration named {@code oa-*}.
     */
    static boolean isOfficialAccount(Map<String, ?> properties) {
        Object explicit = properties.get("account");
        if (explicit != null && !explicit.toString().isBlank()) {
            return true;
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String name = file.toString().replace('\\', '/');
            return name.substring(name.lastIndexOf('/') + 1).startsWith(FILE_PREFIX);
        }
        Object pid = properties.get("service.pid");
        return pid != null && pid.toString().contains("~" + NAME_PREFIX);
    }

    static String accountName(Map<String, ?> properties) {
        Object explicit = properties.get("account");
        if (explicit != null && !explicit.toString().isBlank()) {
            return explicit.toString().strip();
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String name = file.toString().replace('\\', '/');
            name = name.substring(name.lastIndexOf('/') + 1);
            if (name.endsWith(".cfg")) {
                name = name.substring(0, name.length() - ".cfg".length());
            }
            if (name.startsWith(FILE_PREFIX) && name.length() > FILE_PREFIX.length()) {
                return name.substring(FILE_PREFIX.length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null) {
            String p = pid.toString();
            int tilde = p.indexOf('~');
            String name = tilde >= 0 && tilde < p.length() - 1 ? p.substring(tilde + 1) : p;
            return name.startsWith(NAME_PREFIX) && name.length() > NAME_PREFIX.length()
                    ? name.substring(NAME_PREFIX.length()) : name;
        }
        throw new IllegalArgumentException("the configuration names no account");
    }

    /** The API's base with {@code /cgi-bin}, as the kit's client wants it. */
    String cgiBin() {
        return apiBase + "/cgi-bin";
    }

    boolean safeMode() {
        return encodingAesKey != null;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    @Override
    public String toString() {
        return "OaSettings[account=" + account + ", appId=" + appId + ", mode=" + (safeMode() ? "safe" : "plain")
                + ", apiBase=" + apiBase + ", callbackMaxSkewSeconds=" + callbackMaxSkewSeconds + ", accountType="
                + (subscription ? "subscription" : "service") + ", massPerMonth=" + massPerMonth + "]";
    }
}
