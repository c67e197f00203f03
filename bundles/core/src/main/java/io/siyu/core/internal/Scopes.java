package io.siyu.core.internal;

import io.siyu.api.ForbiddenException;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;

/**
 * For operations that act on all customers at once or administer the platform (imports, event
 * ingestion, merges across owners, channel administration): below head office they are refused,
 * never silently narrowed. Operations on single customers or lists check the caller's reach through
 * {@link io.siyu.core.internal.org.Authority} instead.
 */
public final class Scopes {
    private Scopes() {
    }

    public static void requireAll(Caller caller) {
        if (caller.scope() != DataScope.ALL) {
            throw new ForbiddenException("this operation needs the data scope ALL (head office); '" + caller.username()
                    + "' has " + caller.scope());
        }
    }
}
