package io.siyu.api.customer;

import java.util.List;

/**
 * The typed schema of customer attributes: built-in attributes, those of the active editions and
 * custom ones defined at runtime. {@link CustomerService} validates every customer it stores
 * against it. Values already stored for an attribute that is no longer in the schema (its edition
 * was withdrawn) stay readable and may be kept unchanged, but no new values are accepted.
 *
 * <p>Age is not an attribute: derive it from {@code birthday}, so it never goes stale.
 */
public interface AttributeSchemaService {
    /** Every attribute in the schema right now, ordered by name. */
    List<AttributeDefinition> list();

    /** @throws io.siyu.api.NotFoundException if the schema has no such attribute */
    AttributeDefinition get(String name);

    /**
     * Defines a custom attribute.
     *
     * @throws io.siyu.api.ValidationException naming every bad field; nothing is stored
     * @throws io.siyu.api.ConflictException if the name is already taken in the schema
     */
    AttributeDefinition define(AttributeDraft draft);

    /**
     * Replaces the label, description, allowed values and type of a custom attribute.
     *
     * @throws io.siyu.api.NotFoundException if there is no such attribute
     * @throws io.siyu.api.ValidationException naming every bad field (including an attempt to change
     *         a built-in or edition attribute, or to rename)
     * @throws io.siyu.api.ConflictException if the type changes while customers hold values, or an
     *         allowed value that customers hold is dropped
     */
    AttributeDefinition update(String name, AttributeDraft draft);

    /**
     * Deletes a custom attribute. While customers hold values it is refused unless
     * {@code purgeValues} is set, which removes those values in the same transaction.
     *
     * @throws io.siyu.api.NotFoundException if there is no such attribute
     * @throws io.siyu.api.ValidationException if it is a built-in or edition attribute
     * @throws io.siyu.api.ConflictException if customers hold values and {@code purgeValues} is false
     */
    void delete(String name, boolean purgeValues);
}
