package io.siyu.channel.miniprogram.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One mini program: factory PID {@code io.siyu.channel.miniprogram}, e.g.
 * {@code etc/io.siyu.channel.miniprogram-shop.cfg}. Secrets may be written as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "Siyu WeChat mini program",
        description = "A WeChat mini program (小程序): subscribe messages and the mini program's own events")
public @interface MpConfiguration {
    @AttributeDefinition(required = false,
            description = "Account name; empty takes it from the file name (io.siyu.channel.miniprogram-<account>.cfg)")
    String account() default "";

    @AttributeDefinition(description = "AppID of the mini program; the namespace of its openids")
    String appId();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "AppSecret")
    String secret();

    @AttributeDefinition(description = "API base without /cgi-bin; the sandbox is http://localhost:8181/siyu/sandbox/miniprogram")
    String apiBase() default MpSettings.DEFAULT_API_BASE;

    @AttributeDefinition(description = "Which version a tapped message opens", options = {
            @Option(value = "formal", label = "Released (正式版)"), @Option(value = "trial", label = "Trial (体验版)"),
            @Option(value = "developer", label = "Development (开发版)")})
    String miniprogram_state() default "formal";

    @AttributeDefinition(description = "Language of the message's 进入小程序查看 link", options = {
            @Option(value = "zh_CN", label = "简体中文"), @Option(value = "en_US", label = "English"),
            @Option(value = "zh_HK", label = "繁體中文 (香港)"), @Option(value = "zh_TW", label = "繁體中文 (台灣)")})
    String lang() default "zh_CN";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Token the mini program's server presents to "
            + "/siyu/callback/miniprogram/<account>/events (Bearer) or signs with (HMAC-SHA256); at least 16 characters")
    String ingestToken();

    @AttributeDefinition(description = "How far a signed ingest request's timestamp may be from now, in seconds")
    long ingestMaxSkewSeconds() default MpSettings.DEFAULT_MAX_SKEW_SECONDS;
}
