package io.siyu.api.edition;

import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A role as an edition declares it: what it grants by default and, where the edition has operating
 * models, what it grants under each of them. {@link #under} gives the {@link Role} that applies.
 *
 * @param grant what the role grants under a model not named in {@code byModel}, or when the edition
 *        has no operating models
 * @param byModel operating model id to what the role grants under it
 * @since 1.2
 */
public record EditionRole(String id, String name, String description, Grant grant, Map<String, Grant> byModel) {

    /** Permissions and data scope. */
    public record Grant(Set<Permission> permissions, DataScope scope) {
        public Grant {
            permissions = Set.copyOf(permissions);
            Objects.requireNonNull(scope, "scope");
        }
    }

    public EditionRole {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
        description = description == null ? "" : description;
        Objects.requireNonNull(grant, "grant");
        byModel = byModel == null ? Map.of() : Map.copyOf(byModel);
    }

    /** The role as it applies under the operating model (null: the edition has none). */
    public Role under(String operatingModel) {
        Grant g = operatingModel == null ? grant : byModel.getOrDefault(operatingModel, grant);
        return new Role(id, name, g.permissions(), g.scope());
    }
}
