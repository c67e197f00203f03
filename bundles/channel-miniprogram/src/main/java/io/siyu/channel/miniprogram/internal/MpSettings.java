package io.siyu.channel.miniprogram.internal;

import static io.siyu.channel.kit.SettingValues.required;

import io.siyu.channel.kit.AccountNames;
import io.siyu.channel.kit.Secrets;
import io.siyu.channel.kit.SettingValues;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** One mini program's configuration, checked. {@link #toString()} leaves the secret and the token out. */
record MpSettings(String account, String appId, String secret, String apiBase, String miniprogramState, String lang,
        String ingestToken, long ingestMaxSkewSeconds) {
    /** {@code etc/io.siyu.channel.miniprogram-<account>.cfg}: Karaf cuts the file name at the first dash. */
    static final String FACTORY_PID = "io.siyu.channel.miniprogram";
    static final String FILE_PREFIX = "io.siyu.channel.miniprogram-";
    static final String DEFAULT_API_BASE = "https://api.weixin.qq.com";
    static final long DEFAULT_MAX_SKEW_SECONDS = 300;
    static final Set<String> STATES = Set.of("developer", "trial", "formal");
    static final Set<String> LANGS = Set.of("zh_CN", "en_US", "zh_HK", "zh_TW");

    MpSettings {
        account = required(account, "account");
        appId = required(appId, "appId");
        secret = required(secret, "secret");
        apiBase = SettingValues.baseUrl(apiBase, DEFAULT_API_BASE);
        if (apiBase.endsWith("/cgi-bin")) {
            apiBase = apiBase.substring(0, apiBase.length() - "/cgi-bin".length());
        }
        miniprogramState = miniprogramState == null || miniprogramState.isBlank() ? "formal" : miniprogramState.strip();
        if (!STATES.contains(miniprogramState)) {
            throw new IllegalArgumentException("miniprogram_state must be developer, trial or formal");
        }
        lang = lang == null || lang.isBlank() ? "zh_CN" : lang.strip();
        if (!LANGS.contains(lang)) {
            throw new IllegalArgumentException("lang must be zh_CN, en_US, zh_HK or zh_TW");
        }
        ingestToken = required(ingestToken, "ingestToken");
        if (ingestToken.length() < 16) {
            throw new IllegalArgumentException("ingestToken must be at least 16 characters");
        }
        if (ingestMaxSkewSeconds < 1) {
            throw new IllegalArgumentException("ingestMaxSkewSeconds must be positive");
        }
    }

    static MpSettings of(MpConfiguration c, Map<String, ?> properties) {
        return of(c, properties, System::getenv);
    }

    static MpSettings of(MpConfiguration c, Map<String, ?> properties, UnaryOperator<String> env) {
        return new MpSettings(AccountNames.of(properties, FILE_PREFIX, ""), c.appId(),
                Secrets.resolve(c.secret(), "secret", env), c.apiBase(), c.miniprogram_state(), c.lang(),
                Secrets.resolve(c.ingestToken(), "ingestToken", env), c.ingestMaxSkewSeconds());
    }

    String cgiBin() {
        return apiBase + "/cgi-bin";
    }

    @Override
    public String toString() {
        return "MpSettings[account=" + account + ", appId=" + appId + ", apiBase=" + apiBase + ", miniprogram_state="
                + miniprogramState + ", lang=" + lang + "]";
    }
}
