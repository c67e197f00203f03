package io.siyu.channel.wecom.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One WeCom account: factory PID {@code io.siyu.channel.wecom}, e.g. {@code etc/io.siyu.channel.wecom-main.cfg}.
 * Secrets may be written as {@code ${env:NAME}}; Karaf fills them in.
 */
@ObjectClassDefinition(name = "Siyu WeCom account", description = "A WeCom (企业微信) corp and its customer-contact app")
public @interface WeComConfiguration {
    @AttributeDefinition(required = false,
            description = "Account name; empty takes it from the file name (io.siyu.channel.wecom-<account>.cfg)")
    String account() default "";

    @AttributeDefinition(description = "corpid; also the receiveid of the callbacks")
    String corpId();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Secret of the customer-contact app")
    String secret();

    @AttributeDefinition(required = false)
    String agentId() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Callback token")
    String token();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Callback EncodingAESKey, 43 characters")
    String encodingAesKey();

    @AttributeDefinition(description = "API base without /cgi-bin; the sandbox is http://localhost:8181/siyu/sandbox/wecom")
    String apiBase() default WeComSettings.DEFAULT_API_BASE;

    @AttributeDefinition(description = "How far a callback's timestamp may be from now, in seconds; 0 turns the check off")
    long callbackMaxSkewSeconds() default WeComSettings.DEFAULT_MAX_SKEW_SECONDS;

    @AttributeDefinition(description = "Mass messages a customer may receive per day (older WeCom rules: 4 per month)")
    int massQuotaPerDay() default WeComSettings.DEFAULT_MASS_QUOTA_PER_DAY;

    @AttributeDefinition(description = "How often confirmation results of mass messages are fetched, in seconds")
    long resultPollSeconds() default WeComSettings.DEFAULT_RESULT_POLL_SECONDS;
}
