package io.siyu.channel.sandbox.miniprogram;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.siyu.channel.sandbox.miniprogram}: the simulated mini program at {@code /siyu/sandbox/miniprogram}. */
@ObjectClassDefinition(name = "Siyu channel sandbox (WeChat mini program)",
        description = "A mini program's subscribe-message server for demos and tests. Never point a production account at it.")
public @interface MpSandboxConfiguration {
    @AttributeDefinition(description = "The simulated mini program's AppID")
    String appId() default MpSandboxConfig.DEFAULT_APP_ID;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The AppSecret the token API accepts")
    String appSecret() default MpSandboxConfig.DEFAULT_APP_SECRET;

    @AttributeDefinition(description = "Lifetime of an access token (expires_in)")
    long tokenTtlSeconds() default MpSandboxConfig.DEFAULT_TOKEN_TTL_SECONDS;

    @AttributeDefinition(description = "API calls per minute before 45009")
    int callsPerMinute() default MpSandboxConfig.DEFAULT_CALLS_PER_MINUTE;

    @AttributeDefinition(required = false, description = "Subscribe-message template ids; empty accepts any")
    String[] templateIds() default {};

    @AttributeDefinition(required = false, description = "Pages of the mini program (app.json); empty accepts any")
    String[] pages() default {};

    @AttributeDefinition(required = false, description = "JSON file keeping the state across restarts; relative "
            + "paths are under karaf.data; empty keeps it in memory")
    String stateFile() default "";
}
