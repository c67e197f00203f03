package io.siyu.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/**
 * Checks user name and password against a Karaf JAAS realm. Successful logins are remembered for a
 * short time (by a hash, never the password) so API clients do not pay a realm login per request.
 */
final class RealmAuthenticator {
    private static final Duration REMEMBER = Duration.ofSeconds(30);

    private final String realm;
    private final Clock clock;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    private record Remembered(RealmUser user, Instant until) {
    }

    RealmAuthenticator(String realm, Clock clock) {
        this.realm = realm;
        this.clock = clock;
    }

    Optional<RealmUser> authenticate(String username, String password) {
        String key = hash(username, password);
        Instant now = clock.instant();
        Remembered r = recent.get(key);
        if (r != null && r.until().isAfter(now)) {
            return Optional.of(r.user());
        }
        Optional<RealmUser> user = login(username, password);
        if (recent.size() > 10_000) {
            recent.clear();
        }
        user.ifPresent(u -> recent.put(key, new Remembered(u, now.plus(REMEMBER))));
        return user;
    }

    private Optional<RealmUser> login(String username, String password) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's proxy login module through the context class loader.
        thread.setContextClassLoader(RealmAuthenticator.class.getClassLoader());
        try {
            Subject subject = new Subject();
            LoginContext login = new LoginContext(realm, subject, callbacks -> {
                for (var cb : callbacks) {
                    if (cb instanceof NameCallback n) {
                        n.setName(username);
                    } else if (cb instanceof PasswordCallback p) {
                        p.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(cb);
                    }
                }
            });
            login.login();
            Set<String> roles = new HashSet<>();
            for (Principal p : subject.getPrincipals()) {
                if (p instanceof RolePrincipal) {
                    roles.add(p.getName());
                }
            }
            return Optional.of(new RealmUser(username, roles));
        } catch (LoginException e) {
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String hash(String username, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(username.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
