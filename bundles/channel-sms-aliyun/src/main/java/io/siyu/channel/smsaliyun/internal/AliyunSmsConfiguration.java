package io.siyu.channel.smsaliyun.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Aliyun SMS account: {@code etc/io.siyu.channel.sms-aliyun-<account>.cfg} (factory PID
 * {@code io.siyu.channel.sms}, named {@code aliyun-<account>}). Secrets may be {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "Siyu Aliyun SMS account",
        description = "An Aliyun SMS (Dysmsapi) account with its signature: template SMS, SmsReport, SmsUp replies")
public @interface AliyunSmsConfiguration {
    @AttributeDefinition(required = false,
            description = "Account name; empty takes it from the file name (io.siyu.channel.sms-aliyun-<account>.cfg)")
    String account() default "";

    @AttributeDefinition(description = "AccessKey ID of a RAM user allowed dysms:SendSms")
    String accessKeyId();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "AccessKey secret of that RAM user")
    String accessKeySecret();

    @AttributeDefinition(description = "Approved signature (签名名称) without 【】")
    String signName();

    @AttributeDefinition(description = "RegionId of the requests")
    String region() default AliyunSmsSettings.DEFAULT_REGION;

    @AttributeDefinition(description = "API endpoint; the sandbox is http://localhost:8181/siyu/sandbox/sms-aliyun")
    String endpoint() default AliyunSmsSettings.DEFAULT_ENDPOINT;

    @AttributeDefinition(description = "SendSms calls per second this account makes at most (client-side)")
    double callsPerSecond() default AliyunSmsSettings.DEFAULT_CALLS_PER_SECOND;

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "Secret of the push URL (…/siyu/callback/sms-aliyun/<account>?token=<it>); pushes are refused without one")
    String callbackToken() default "";

    @AttributeDefinition(description = "Consent channel an opt-out reply (TD, T, N, 退订) applies to")
    String consentChannel() default AliyunSmsSettings.DEFAULT_CONSENT_CHANNEL;
}
