package io.siyu.channel.email.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One sending account: factory PID {@code io.siyu.channel.email}, e.g.
 * {@code etc/io.siyu.channel.email-newsletter.cfg}. Secrets may be written as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "Siyu e-mail account",
        description = "An SMTP submission account: HTML and text e-mail with one-click unsubscribe and bounce reports")
public @interface EmailConfiguration {
    @AttributeDefinition(required = false,
            description = "Account name; empty takes it from the file name (io.siyu.channel.email-<account>.cfg)")
    String account() default "";

    @AttributeDefinition(description = "SMTP submission server, e.g. smtp.exmail.qq.com")
    String host();

    @AttributeDefinition(description = "Port; 0 picks the usual one for the security: 587 starttls, 465 ssl, 25 none")
    int port() default 0;

    @AttributeDefinition(description = "How the connection is secured", options = {
            @Option(value = "starttls", label = "STARTTLS (RFC 3207), usually port 587"),
            @Option(value = "ssl", label = "Implicit TLS (SMTPS), usually port 465"),
            @Option(value = "none", label = "None: only for a relay on this machine or network")})
    String security() default "starttls";

    @AttributeDefinition(required = false, description = "Login (AUTH PLAIN or LOGIN); empty sends without logging in")
    String username() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Password or app password")
    String password() default "";

    @AttributeDefinition(description = "Sender address (From and MAIL FROM), e.g. news@example.com")
    String fromAddress();

    @AttributeDefinition(required = false, description = "Sender name shown to recipients, e.g. 思域会员中心")
    String fromName() default "";

    @AttributeDefinition(required = false, description = "Reply-To address; empty for none")
    String replyTo() default "";

    @AttributeDefinition(description = "Siyu's public base URL as recipients reach it; unsubscribe links are "
            + "<base>/siyu/callback/email/<account>/unsubscribe?t=…")
    String unsubscribeBaseUrl() default EmailSettings.DEFAULT_BASE_URL;

    @AttributeDefinition(required = false, description = "Address for mailto: unsubscribe requests in List-Unsubscribe; "
            + "empty uses replyTo, else fromAddress")
    String unsubscribeMailto() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Key signing unsubscribe links "
            + "(HMAC-SHA256); empty derives one from the password. Changing it breaks links already sent")
    String unsubscribeSecret() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Bearer token the bounce "
            + "endpoint (/siyu/callback/email/<account>/bounce) requires; empty turns the endpoint off")
    String bounceToken() default "";

    @AttributeDefinition(description = "Messages per minute at most (the provider's sending limit); 0 = unlimited")
    int messagesPerMinute() default 0;

    @AttributeDefinition(description = "SMTP connections kept open and used at once")
    int maxConnections() default EmailSettings.DEFAULT_MAX_CONNECTIONS;

    @AttributeDefinition(required = false, description = "Trust store (PKCS12) for a server certificate the JDK "
            + "does not trust; empty uses the JDK's trusted authorities")
    String tlsTrustStore() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false, description = "Trust store password")
    String tlsTrustStorePassword() default "";

    @AttributeDefinition(required = false, description = "Name given in EHLO; empty uses the machine's host name")
    String heloName() default "";

    @AttributeDefinition(description = "Seconds to wait for the connection")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds to wait for each answer of the server")
    int readTimeoutSeconds() default 60;
}
