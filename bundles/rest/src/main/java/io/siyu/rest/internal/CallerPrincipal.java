package io.siyu.rest.internal;

import io.siyu.api.org.Caller;
import java.security.Principal;

/** The authenticated realm user and who they are in the org, resolved once per request. */
record CallerPrincipal(RealmUser user, Caller caller) implements Principal {
    @Override
    public String getName() {
        return user.getName();
    }
}
