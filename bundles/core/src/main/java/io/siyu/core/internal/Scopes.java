package io.siyu.core.internal;

import io.siyu.api.UnavailableException;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;

/**
 * Data scope checks shared by the services. Customer ownership (and with it the OWN and
 * UNIT_SUBTREE scopes) arrives with the org model; until then a narrower scope is refused rather
 * than silently widened to everything.
 */
public final class Scopes {
    private Scopes() {
    }

    public static void requireAll(Caller caller) {
        if (caller.scope() != DataScope.ALL) {
            throw new UnavailableException("data scope " + caller.scope() + " is not available before the org model is installed");
        }
    }
}
