package io.siyu.channel.smsaliyun.internal;

import static io.siyu.channel.kit.SettingValues.required;

import io.siyu.channel.kit.AccountNames;
import io.siyu.channel.kit.Secrets;
import io.siyu.channel.kit.SettingValues;
import java.net.URI;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One account's configuration, checked. {@link #toString()} leaves the AccessKey secret and the
 * callback token out, so the settings can be logged.
 */
record AliyunSmsSettings(String account, String accessKeyId, String accessKeySecret, String signName, String region,
        String endpoint, double callsPerSecond, String callbackToken, String consentChannel) {
    /**
     * Karaf's file installer takes a factory PID up to the first dash of a file name, so
     * {@code etc/io.siyu.channel.sms-aliyun-main.cfg} is factory {@code io.siyu.channel.sms}, named
     * {@code aliyun-main}. The Tencent Cloud adapter shares the factory PID: only {@code aliyun-} names are ours.
     */
    static final String FACTORY_PID = "io.siyu.channel.sms";
    static final String FILE_PREFIX = "io.siyu.channel.sms-aliyun-";
    static final String NAME_PREFIX = "aliyun-";
    static final String DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com";
    static final String DEFAULT_REGION = "cn-hangzhou";
    static final double DEFAULT_CALLS_PER_SECOND = 50;
    static final String DEFAULT_CONSENT_CHANNEL = "sms";

    AliyunSmsSettings {
        account = required(account, "account");
        accessKeyId = required(accessKeyId, "accessKeyId");
        accessKeySecret = required(accessKeySecret, "accessKeySecret");
        signName = required(signName, "signName");
        region = required(region, "region");
        endpoint = SettingValues.httpBaseUrl(endpoint, DEFAULT_ENDPOINT, "endpoint");
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("callsPerSecond must be positive");
        }
        callbackToken = SettingValues.optional(callbackToken);
        consentChannel = required(consentChannel, "consentChannel");
    }

    static AliyunSmsSettings of(AliyunSmsConfiguration c, Map<String, ?> properties) {
        return of(c, properties, System::getenv);
    }

    static AliyunSmsSettings of(AliyunSmsConfiguration c, Map<String, ?> properties, UnaryOperator<String> env) {
        return new AliyunSmsSettings(AccountNames.of(properties, FILE_PREFIX, NAME_PREFIX),
                Secrets.resolve(c.accessKeyId(), "accessKeyId", env),
                Secrets.resolve(c.accessKeySecret(), "accessKeySecret", env), c.signName(), c.region(), c.endpoint(),
                c.callsPerSecond(),
                Secrets.resolve(c.callbackToken(), "callbackToken", env), c.consentChannel());
    }

    /** Whether a configuration of the shared factory PID is an Aliyun SMS account. */
    static boolean isAliyun(Map<String, ?> properties) {
        return AccountNames.named(properties, FILE_PREFIX, NAME_PREFIX);
    }

    /** The URL SendSms is POSTed to: the endpoint's root. */
    URI uri() {
        return URI.create(endpoint + "/");
    }

    @Override
    public String toString() {
        return "AliyunSmsSettings[account=" + account + ", accessKeyId=" + accessKeyId + ", signName=" + signName + ", region=" + region + ", endpoint=" + endpoint + ", callsPerSecond="
                + callsPerSecond + ", callbacks=" + (callbackToken == null ? "refused (no callbackToken)" : "on")
                + ", consentChannel=" + consentChannel + "]";
    }
}
