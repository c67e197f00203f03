package io.siyu.rest.internal;

import java.security.Principal;
import java.util.Set;

/** A user authenticated against the JAAS realm, with the role names the realm gave them. */
record RealmUser(String name, Set<String> roles) implements Principal {
    RealmUser {
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return name;
    }
}
