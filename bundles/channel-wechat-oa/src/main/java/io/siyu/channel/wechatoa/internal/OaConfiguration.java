package io.siyu.channel.wechatoa.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One Official Account: factory PID {@code io.siyu.channel.wechat-oa}, e.g.
 * {@code etc/io.siyu.channel.wechat-oa-main.cfg}. Secrets may be written as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "Siyu WeChat Official Account",
        description = "A WeChat Official Account (公众号): template and mass messages, parameter QR codes, follower callbacks")
public @interface OaConfiguration {
    @AttributeDefinition(required = false,
            description = "Account name; empty takes it from the file name (io.siyu.channel.wechat-oa-<account>.cfg)")
    String account() default "";

    @AttributeDefinition(description = "AppID; also the receiveid of safe-mode callbacks and the namespace of openids")
    String appId();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "AppSecret")
    String appSecret();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Callback token (服务器配置 Token)")
    String token();

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false,
            description = "EncodingAESKey, 43 characters, for safe mode (安全模式); empty for plain mode (明文模式)")
    String encodingAesKey() default "";

    @AttributeDefinition(description = "API base without /cgi-bin; the sandbox is http://localhost:8181/siyu/sandbox/wechat-oa")
    String apiBase() default OaSettings.DEFAULT_API_BASE;

    @AttributeDefinition(description = "How far a callback's timestamp may be from now, in seconds; 0 turns the check off")
    long callbackMaxSkewSeconds() default OaSettings.DEFAULT_MAX_SKEW_SECONDS;

    @AttributeDefinition(description = "service: each follower receives massPerMonth mass messages a month; "
            + "subscription: one mass send a day", options = {
                    @Option(value = "service", label = "Service account (服务号)"),
                    @Option(value = "subscription", label = "Subscription account (订阅号)")})
    String accountType() default "service";

    @AttributeDefinition(description = "Mass messages a follower of a service account receives per month")
    int massPerMonth() default OaSettings.DEFAULT_MASS_PER_MONTH;
}
