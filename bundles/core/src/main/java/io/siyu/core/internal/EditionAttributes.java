package io.siyu.core.internal;

import io.siyu.api.customer.AttributeDefinition;
import java.util.List;

/**
 * The attribute definitions the active editions declare in {@code SIYU-INF/attributes.json}.
 * Internal to core: provided by {@link io.siyu.core.internal.edition.EditionTracker}, read by the attribute schema.
 */
public interface EditionAttributes {
    /** Every active edition's definitions, editions ordered by id; a name may appear more than once. */
    List<AttributeDefinition> definitions();

    /** The attributes the active editions keep from events ({@code "fromEvent"} in attributes.json). */
    default List<AttributeFeed> feeds() {
        return List.of();
    }
}
