package io.siyu.channel.sandbox.smsaliyun;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.siyu.channel.sandbox.smsaliyun}: the simulated Aliyun SMS served at {@code /siyu/sandbox/sms-aliyun}. */
@ObjectClassDefinition(name = "Siyu channel sandbox (Aliyun SMS)",
        description = "An Aliyun SMS (Dysmsapi) simulator for demos and tests. Never point a production account at it.")
public @interface AliyunSmsSandboxConfiguration {
    @AttributeDefinition(description = "AccessKeyId the simulator accepts")
    String accessKeyId() default AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_ID;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "AccessKeySecret requests must be signed with")
    String accessKeySecret() default AliyunSmsSandboxConfig.DEFAULT_ACCESS_KEY_SECRET;

    @AttributeDefinition(required = false, description = "Approved signatures; empty accepts any")
    String[] signNames() default {};

    @AttributeDefinition(required = false, description = "Approved template codes; empty accepts any")
    String[] templateCodes() default {};

    @AttributeDefinition(description = "Requests per second before Throttling.User")
    int callsPerSecond() default AliyunSmsSandboxConfig.DEFAULT_CALLS_PER_SECOND;

    @AttributeDefinition(description = "Seconds Timestamp may be off (InvalidTimeStamp.Expired) and a SignatureNonce is remembered")
    long maxSkewSeconds() default AliyunSmsSandboxConfig.DEFAULT_MAX_SKEW_SECONDS;

    @AttributeDefinition(description = "Where SmsReport and SmsUp are pushed")
    String callbackUrl() default AliyunSmsSandboxConfig.DEFAULT_CALLBACK_URL;

    @AttributeDefinition(description = "Milliseconds after a send before its status reports are pushed; negative: only on POST control/report")
    long reportDelayMillis() default AliyunSmsSandboxConfig.DEFAULT_REPORT_DELAY_MILLIS;

    @AttributeDefinition(required = false, description = "JSON file keeping the sandbox's state across restarts; "
            + "relative paths are under karaf.data; empty keeps it in memory")
    String stateFile() default "";
}
