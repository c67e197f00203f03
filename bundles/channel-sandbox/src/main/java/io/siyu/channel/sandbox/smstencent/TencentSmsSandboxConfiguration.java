package io.siyu.channel.sandbox.smstencent;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.siyu.channel.sandbox.smstencent}: the simulated Tencent Cloud SMS served at {@code /siyu/sandbox/sms-tencent}. */
@ObjectClassDefinition(name = "Siyu channel sandbox (Tencent Cloud SMS)",
        description = "A Tencent Cloud SMS API simulator for demos and tests. Never point a production account at it.")
public @interface TencentSmsSandboxConfiguration {
    @AttributeDefinition(description = "SecretId the simulator accepts")
    String secretId() default TencentSmsSandboxConfig.DEFAULT_SECRET_ID;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "SecretKey requests must be signed with")
    String secretKey() default TencentSmsSandboxConfig.DEFAULT_SECRET_KEY;

    @AttributeDefinition(description = "SmsSdkAppId of the simulated application")
    String sdkAppId() default TencentSmsSandboxConfig.DEFAULT_SDK_APP_ID;

    @AttributeDefinition(required = false, description = "Approved signatures; empty accepts any")
    String[] signNames() default {};

    @AttributeDefinition(required = false, description = "Approved template ids; empty accepts any")
    String[] templateIds() default {};

    @AttributeDefinition(description = "Requests per second before RequestLimitExceeded")
    int callsPerSecond() default TencentSmsSandboxConfig.DEFAULT_CALLS_PER_SECOND;

    @AttributeDefinition(description = "Seconds X-TC-Timestamp may be off before AuthFailure.SignatureExpire")
    long maxSkewSeconds() default TencentSmsSandboxConfig.DEFAULT_MAX_SKEW_SECONDS;

    @AttributeDefinition(description = "Where status reports and replies are pushed")
    String callbackUrl() default TencentSmsSandboxConfig.DEFAULT_CALLBACK_URL;

    @AttributeDefinition(description = "Milliseconds after a send before its status reports are pushed; negative: only on POST control/report")
    long reportDelayMillis() default TencentSmsSandboxConfig.DEFAULT_REPORT_DELAY_MILLIS;

    @AttributeDefinition(required = false, description = "JSON file keeping the sandbox's state across restarts; "
            + "relative paths are under karaf.data; empty keeps it in memory")
    String stateFile() default "";
}
