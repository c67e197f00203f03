package io.siyu.channel.smstencent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Tencent Cloud SMS account: {@code etc/io.siyu.channel.sms-tencent-<account>.cfg} (factory PID
 * {@code io.siyu.channel.sms}, named {@code tencent-<account>}). Secrets may be {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "Siyu Tencent Cloud SMS account",
        description = "A Tencent Cloud SMS application (SmsSdkAppId) with its signature: template SMS, status reports, replies")
public @interface TencentSmsConfiguration {
    @AttributeDefinition(required = false,
            description = "Account name; empty takes it from the file name (io.siyu.channel.sms-tencent-<account>.cfg)")
    String account() default "";

    @AttributeDefinition(description = "SecretId of a CAM key allowed to call sms:SendSms")
    String secretId();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "SecretKey of that CAM key")
    String secretKey();

    @AttributeDefinition(description = "SmsSdkAppId of the SMS application (应用管理 → 应用列表), e.g. 1400006666")
    String sdkAppId();

    @AttributeDefinition(required = false, description = "Approved signature (签名) without 【】; required for mainland numbers")
    String signName() default "";

    @AttributeDefinition(description = "X-TC-Region of the requests")
    String region() default TencentSmsSettings.DEFAULT_REGION;

    @AttributeDefinition(description = "API endpoint; the sandbox is http://localhost:8181/siyu/sandbox/sms-tencent")
    String endpoint() default TencentSmsSettings.DEFAULT_ENDPOINT;

    @AttributeDefinition(description = "SendSms calls per second this account makes at most (client-side)")
    double callsPerSecond() default TencentSmsSettings.DEFAULT_CALLS_PER_SECOND;

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "Secret of the callback URL (…/siyu/callback/sms-tencent/<account>?token=<it>); callbacks are refused without one")
    String callbackToken() default "";

    @AttributeDefinition(description = "Consent channel an opt-out reply (TD, T, N, 退订) applies to")
    String consentChannel() default TencentSmsSettings.DEFAULT_CONSENT_CHANNEL;
}
