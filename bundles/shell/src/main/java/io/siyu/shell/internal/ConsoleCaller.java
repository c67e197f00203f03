package io.siyu.shell.internal;

import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import java.security.AccessController;
import java.security.Principal;
import java.util.Set;
import javax.security.auth.Subject;

/** The console user as a {@link Caller}, so merges and undos record who ran them. */
final class ConsoleCaller {
    private ConsoleCaller() {
    }

    @SuppressWarnings("removal")
    static Caller current() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        String user = subject == null ? null : subject.getPrincipals().stream()
                // Karaf's JAAS UserPrincipal; matched by name so the shell needs no JAAS dependency
                .filter(p -> p.getClass().getSimpleName().equals("UserPrincipal"))
                .map(Principal::getName).findFirst().orElse(null);
        // Whoever reaches the Karaf console administers the node: every permission, every customer.
        return new Caller(user == null ? "console" : "console:" + user, Set.of("siyu-admin"), null, DataScope.ALL);
    }
}
