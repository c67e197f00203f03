package io.siyu.api.edition;

import java.util.List;
import java.util.Optional;

/** The editions whose bundles are active right now. */
public interface EditionRegistry {
    /** Ordered by id. */
    List<EditionDescriptor> editions();

    Optional<EditionDescriptor> find(String id);

    /**
     * The roles the active editions declare, as they apply under each edition's current operating
     * model (a bank's {@code branch-manager} may approve content under one model and not another).
     * Role ids are unique across editions; core adds its own built-in roles next to these.
     *
     * @since 1.1
     */
    default List<io.siyu.api.org.Role> roles() {
        return List.of();
    }
}
