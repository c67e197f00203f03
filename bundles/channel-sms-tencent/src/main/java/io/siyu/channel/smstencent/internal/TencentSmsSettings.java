package io.siyu.channel.smstencent.internal;

import static io.siyu.channel.kit.SettingValues.required;

import io.siyu.channel.kit.AccountNames;
import io.siyu.channel.kit.Secrets;
import io.siyu.channel.kit.SettingValues;
import java.net.URI;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One account's configuration, checked. {@link #toString()} leaves the secret key and the callback
 * token out, so the settings can be logged.
 *
 * @param signName null when none is configured (international numbers only)
 */
record TencentSmsSettings(String account, String secretId, String secretKey, String sdkAppId, String signName,
        String region, String endpoint, double callsPerSecond, String callbackToken, String consentChannel) {
    /**
     * Karaf's file installer takes a factory PID up to the first dash of a file name, so
     * {@code etc/io.siyu.channel.sms-tencent-main.cfg} is factory {@code io.siyu.channel.sms}, named
     * {@code tencent-main}. The Aliyun adapter shares the factory PID: only {@code tencent-} names are ours.
     */
    static final String FACTORY_PID = "io.siyu.channel.sms";
    static final String FILE_PREFIX = "io.siyu.channel.sms-tencent-";
    static final String NAME_PREFIX = "tencent-";
    static final String DEFAULT_ENDPOINT = "https://sms.tencentcloudapi.com";
    static final String DEFAULT_REGION = "ap-guangzhou";
    static final double DEFAULT_CALLS_PER_SECOND = 50;
    static final String DEFAULT_CONSENT_CHANNEL = "sms";

    TencentSmsSettings {
        account = required(account, "account");
        secretId = required(secretId, "secretId");
        secretKey = required(secretKey, "secretKey");
        sdkAppId = required(sdkAppId, "sdkAppId");
        signName = SettingValues.optional(signName);
        region = required(region, "region");
        endpoint = SettingValues.httpBaseUrl(endpoint, DEFAULT_ENDPOINT, "endpoint");
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("callsPerSecond must be positive");
        }
        callbackToken = SettingValues.optional(callbackToken);
        consentChannel = required(consentChannel, "consentChannel");
    }

    static TencentSmsSettings of(TencentSmsConfiguration c, Map<String, ?> properties) {
        return of(c, properties, System::getenv);
    }

    static TencentSmsSettings of(TencentSmsConfiguration c, Map<String, ?> properties, UnaryOperator<String> env) {
        return new TencentSmsSettings(AccountNames.of(properties, FILE_PREFIX, NAME_PREFIX),
                Secrets.resolve(c.secretId(), "secretId", env), Secrets.resolve(c.secretKey(), "secretKey", env),
                c.sdkAppId(), c.signName(), c.region(), c.endpoint(), c.callsPerSecond(),
                Secrets.resolve(c.callbackToken(), "callbackToken", env), c.consentChannel());
    }

    /** Whether a configuration of the shared factory PID is a Tencent Cloud SMS account. */
    static boolean isTencent(Map<String, ?> properties) {
        return AccountNames.named(properties, FILE_PREFIX, NAME_PREFIX);
    }

    /** The Host header Tencent Cloud checks the signature with: the endpoint's host, and port if given. */
    String host() {
        URI uri = URI.create(endpoint);
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** The URL SendSms is POSTed to: the endpoint's root. */
    URI uri() {
        return URI.create(endpoint + "/");
    }

    @Override
    public String toString() {
        return "TencentSmsSettings[account=" + account + ", secretId=" + secretId + ", sdkAppId=" + sdkAppId
                + ", signName=" + signName + ", region=" + region + ", endpoint=" + endpoint + ", callsPerSecond="
                + callsPerSecond + ", callbacks=" + (callbackToken == null ? "refused (no callbackToken)" : "on")
                + ", consentChannel=" + consentChannel + "]";
    }
}
