package io.siyu.rest.internal;

import io.siyu.api.org.Caller;
import javax.ws.rs.core.SecurityContext;

/** The {@link Caller} the services expect, as {@link AuthFilter} resolved it for this request. */
final class Callers {
    private Callers() {
    }

    static Caller of(SecurityContext security) {
        if (security.getUserPrincipal() instanceof CallerPrincipal principal) {
            return principal.caller();
        }
        throw new IllegalStateException("request reached a resource without authentication");
    }
}
