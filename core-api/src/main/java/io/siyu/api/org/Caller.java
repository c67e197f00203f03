package io.siyu.api.org;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking: the authenticated user, their roles from the security realm, the staff record they
 * are linked to (null for administrators and the system) and the data scope that follows from it.
 */
public record Caller(String username, Set<String> roles, String staffId, DataScope scope) {
    /** The platform itself: demo loaders, schedulers, channel callbacks. */
    public static final Caller SYSTEM = new Caller("system", Set.of(), null, DataScope.ALL);

    public Caller {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(scope, "scope");
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
