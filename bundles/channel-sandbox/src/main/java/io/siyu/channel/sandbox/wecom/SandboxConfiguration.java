package io.siyu.channel.sandbox.wecom;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.siyu.channel.sandbox}: the simulated WeCom corp served at {@code /siyu/sandbox/wecom}. */
@ObjectClassDefinition(name = "Siyu channel sandbox (WeCom)",
        description = "A WeCom server simulator for demos and tests. Never point a production account at it.")
public @interface SandboxConfiguration {
    @AttributeDefinition(description = "The simulated corp's corpid (also the callbacks' receiveid)")
    String corpId() default WeComSandboxConfig.DEFAULT_CORP_ID;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The secret gettoken accepts")
    String corpSecret() default WeComSandboxConfig.DEFAULT_CORP_SECRET;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Callback token")
    String token() default WeComSandboxConfig.DEFAULT_TOKEN;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Callback EncodingAESKey, 43 characters")
    String encodingAesKey() default WeComSandboxConfig.DEFAULT_ENCODING_AES_KEY;

    String agentId() default WeComSandboxConfig.DEFAULT_AGENT_ID;

    @AttributeDefinition(description = "Lifetime of an access token (expires_in)")
    long tokenTtlSeconds() default WeComSandboxConfig.DEFAULT_TOKEN_TTL_SECONDS;

    @AttributeDefinition(description = "API calls per minute before 45009")
    int callsPerMinute() default WeComSandboxConfig.DEFAULT_CALLS_PER_MINUTE;

    @AttributeDefinition(description = "Mass messages a customer receives per day (Asia/Shanghai); 0 = unlimited")
    int massQuotaPerDay() default WeComSandboxConfig.DEFAULT_MASS_QUOTA_PER_DAY;

    @AttributeDefinition(description = "Where callbacks are POSTed")
    String callbackUrl() default WeComSandboxConfig.DEFAULT_CALLBACK_URL;

    @AttributeDefinition(description = "JSON file keeping the sandbox's state across restarts; relative paths are "
            + "under karaf.data; empty keeps it in memory")
    String stateFile() default "";
}
