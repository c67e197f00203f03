package io.siyu.api.org;

import java.util.Objects;
import java.util.Set;

/**
 * A role: what its holders may do and on which customers. A caller with several roles gets the
 * union of permissions and the widest scope.
 */
public record Role(String id, String name, Set<Permission> permissions, DataScope scope) {
    public Role {
        Checks.text(id, "id");
        name = name == null || name.isBlank() ? id : name;
        permissions = Set.copyOf(permissions);
        Objects.requireNonNull(scope, "scope");
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }
}
