package io.siyu.channel.sandbox.oa;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.siyu.channel.sandbox.oa}: the simulated Official Account served at {@code /siyu/sandbox/wechat-oa}. */
@ObjectClassDefinition(name = "Siyu channel sandbox (WeChat Official Account)",
        description = "A WeChat Official Account server simulator for demos and tests. Never point a production account at it.")
public @interface OaSandboxConfiguration {
    @AttributeDefinition(description = "The simulated account's AppID (also the receiveid of safe-mode callbacks)")
    String appId() default OaSandboxConfig.DEFAULT_APP_ID;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The AppSecret the token API accepts")
    String appSecret() default OaSandboxConfig.DEFAULT_APP_SECRET;

    @AttributeDefinition(description = "Original id (gh_…), the ToUserName of callbacks")
    String originalId() default OaSandboxConfig.DEFAULT_ORIGINAL_ID;

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Callback token")
    String token() default OaSandboxConfig.DEFAULT_TOKEN;

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "EncodingAESKey, 43 characters: callbacks in safe mode; empty for plain mode")
    String encodingAesKey() default "";

    @AttributeDefinition(description = "service (each follower receives massPerMonth mass messages a month) or "
            + "subscription (one mass send a day)")
    String accountType() default "service";

    @AttributeDefinition(description = "Mass messages a follower of a service account receives per month (Asia/Shanghai); 0 = unlimited")
    int massPerMonth() default OaSandboxConfig.DEFAULT_MASS_PER_MONTH;

    @AttributeDefinition(description = "Lifetime of an access token (expires_in)")
    long tokenTtlSeconds() default OaSandboxConfig.DEFAULT_TOKEN_TTL_SECONDS;

    @AttributeDefinition(description = "API calls per minute before 45009")
    int callsPerMinute() default OaSandboxConfig.DEFAULT_CALLS_PER_MINUTE;

    @AttributeDefinition(required = false, description = "Template ids message/template/send knows; empty accepts any")
    String[] templateIds() default {};

    @AttributeDefinition(description = "Where callbacks are POSTed")
    String callbackUrl() default OaSandboxConfig.DEFAULT_CALLBACK_URL;

    @AttributeDefinition(description = "Milliseconds after a template or mass send before its job-finish event is POSTed; "
            + "negative: only on POST control/finish-jobs")
    long jobFinishDelayMillis() default OaSandboxConfig.DEFAULT_JOB_FINISH_DELAY_MILLIS;

    @AttributeDefinition(required = false, description = "JSON file keeping the sandbox's state across restarts; "
            + "relative paths are under karaf.data; empty keeps it in memory")
    String stateFile() default "";
}
