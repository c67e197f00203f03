package io.siyu.rest.internal;

import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import javax.ws.rs.core.SecurityContext;

/** Turns the authenticated request into the {@link Caller} the services expect. */
final class Callers {
    private Callers() {
    }

    static Caller of(SecurityContext security) {
        if (security.getUserPrincipal() instanceof RealmUser user) {
            // Until staff records link realm users to org positions, realm users see every customer.
            return new Caller(user.getName(), user.roles(), null, DataScope.ALL);
        }
        throw new IllegalStateException("request reached a resource without authentication");
    }
}
