package io.siyu.api.edition;

import java.util.List;
import java.util.Optional;

/** The editions whose bundles are active right now. */
public interface EditionRegistry {
    /** Ordered by id. */
    List<EditionDescriptor> editions();

    Optional<EditionDescriptor> find(String id);
}
