package io.siyu.channel.email.internal;

import static io.siyu.channel.kit.SettingValues.required;

import io.siyu.channel.kit.AccountNames;
import io.siyu.channel.kit.Secrets;
import io.siyu.channel.kit.SettingValues;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One account's configuration, checked. {@link #toString()} leaves the password and keys out, so the
 * settings can be logged.
 *
 * @param unsubscribeKey the HMAC key of unsubscribe links
 * @param bounceToken null when the bounce endpoint is off
 * @param tlsTrustStore null for the JDK's trusted authorities
 */
record EmailSettings(String account, String host, int port, Security security, String username, String password,
        String fromAddress, String fromName, String replyTo, String unsubscribeBaseUrl, String unsubscribeMailto,
        byte[] unsubscribeKey, String bounceToken, int messagesPerMinute, int maxConnections, Path tlsTrustStore,
        String tlsTrustStorePassword, String heloName, int connectTimeoutSeconds, int readTimeoutSeconds) {
    /** {@code etc/io.siyu.channel.email-<account>.cfg}: Karaf cuts the file name at the first dash. */
    static final String FACTORY_PID = "io.siyu.channel.email";
    static final String FILE_PREFIX = "io.siyu.channel.email-";
    static final String DEFAULT_BASE_URL = "http://localhost:8181";
    static final int DEFAULT_MAX_CONNECTIONS = 4;
    /** An address Siyu sends to: ASCII (no SMTPUTF8), one @, nothing that could break a command or header. */
    static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    enum Security {
        STARTTLS(587),
        SSL(465),
        NONE(25);

        final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        static Security of(String name) {
            String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            switch (n) {
                case "":
                case "starttls":
                    return STARTTLS;
                case "ssl":
                case "tls":
                case "smtps":
                    return SSL;
                case "none":
                    return NONE;
                default:
                    throw new IllegalArgumentException("security must be starttls, ssl or none, not " + name);
            }
        }
    }

    EmailSettings {
        account = required(account, "account");
        host = required(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (the usual one) to 65535");
        }
        port = port == 0 ? security.defaultPort : port;
        username = blankToNull(username);
        fromAddress = address(required(fromAddress, "fromAddress"), "fromAddress");
        fromName = blankToNull(fromName);
        replyTo = replyTo == null || replyTo.isBlank() ? null : address(replyTo, "replyTo");
        unsubscribeBaseUrl = SettingValues.baseUrl(unsubscribeBaseUrl, DEFAULT_BASE_URL);
        URI base = URI.create(unsubscribeBaseUrl);
        if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("unsubscribeBaseUrl must be an http(s) URL, e.g. https://crm.example.com");
        }
        unsubscribeMailto = unsubscribeMailto == null || unsubscribeMailto.isBlank() ? null
                : address(unsubscribeMailto.strip().replaceFirst("(?i)^mailto:", ""), "unsubscribeMailto");
        if (unsubscribeKey == null || unsubscribeKey.length < 16) {
            throw new IllegalArgumentException("unsubscribeSecret is required when the account has no password");
        }
        bounceToken = blankToNull(bounceToken);
        if (messagesPerMinute < 0) {
            throw new IllegalArgumentException("messagesPerMinute must not be negative");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (connectTimeoutSeconds < 1 || readTimeoutSeconds < 1) {
            throw new IllegalArgumentException("timeouts must be at least 1 second");
        }
        heloName = heloName == null || heloName.isBlank() ? localHostName() : heloName.strip();
    }

    static EmailSettings of(EmailConfiguration c, Map<String, ?> properties) {
        return of(c, properties, System::getenv);
    }

    static EmailSettings of(EmailConfiguration c, Map<String, ?> properties, UnaryOperator<String> env) {
        String password = Secrets.resolve(c.password(), "password", env);
        String secret = Secrets.resolve(c.unsubscribeSecret(), "unsubscribeSecret", env);
        String store = blankToNull(c.tlsTrustStore());
        return new EmailSettings(AccountNames.of(properties, FILE_PREFIX, ""), c.host(), c.port(),
                Security.of(c.security()), c.username(), password == null || password.isEmpty() ? null : password,
                c.fromAddress(), c.fromName(), c.replyTo(), c.unsubscribeBaseUrl(), c.unsubscribeMailto(),
                unsubscribeKey(secret, password), Secrets.resolve(c.bounceToken(), "bounceToken", env),
                c.messagesPerMinute(), c.maxConnections(), store == null ? null : Path.of(store),
                Secrets.resolve(c.tlsTrustStorePassword(), "tlsTrustStorePassword", env), c.heloName(),
                c.connectTimeoutSeconds(), c.readTimeoutSeconds());
    }

    /** The configured secret, else one derived from the password (so a password change also rotates links). */
    static byte[] unsubscribeKey(String secret, String password) {
        String source = secret != null && !secret.isBlank() ? "secret:" + secret.strip()
                : password != null && !password.isEmpty() ? "password:" + password : null;
        if (source == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(("siyu-unsubscribe\n" + source)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String address(String value, String name) {
        String a = value.strip();
        if (!ADDRESS.matcher(a).matches()) {
            throw new IllegalArgumentException(name + " is not an e-mail address Siyu can send with: " + a);
        }
        return a;
    }

    /** The mailto: of List-Unsubscribe: the configured address, else Reply-To, else From. */
    String mailtoAddress() {
        return unsubscribeMailto != null ? unsubscribeMailto : replyTo != null ? replyTo : fromAddress;
    }

    /** The domain of the sender, for Message-IDs. */
    String fromDomain() {
        return fromAddress.substring(fromAddress.indexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** TLS with the configured trust store, or the JDK's defaults. */
    SSLContext tls() {
        try {
            if (tlsTrustStore == null) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(tlsTrustStore)) {
                trust.load(in, tlsTrustStorePassword == null ? new char[0] : tlsTrustStorePassword.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tlsTrustStore " + tlsTrustStore + " cannot be read: " + e.getMessage(), e);
        }
    }

    SmtpSession.Server server() {
        return new SmtpSession.Server(host, port, security, username, password, heloName,
                connectTimeoutSeconds * 1000, readTimeoutSeconds * 1000,
                security == Security.NONE ? null : tls());
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            return name == null || name.isBlank() || !name.matches("[A-Za-z0-9.-]+") ? "localhost" : name;
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "EmailSettings[account=" + account + ", server=" + host + ":" + port + " "
                + security.name().toLowerCase(Locale.ROOT) + (username == null ? "" : ", username=" + username)
                + ", from=" + fromAddress + ", unsubscribeBaseUrl=" + unsubscribeBaseUrl
                + ", bounces=" + (bounceToken == null ? "off" : "on") + ", messagesPerMinute=" + messagesPerMinute + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
