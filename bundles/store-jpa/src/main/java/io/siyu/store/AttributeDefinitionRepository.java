package io.siyu.store;

import io.siyu.api.customer.AttributeDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The custom attribute definitions (origin CUSTOM; built-in and edition ones live in code and
 * bundles). Each method is one transaction; the checks against stored customer values run in the
 * same transaction as the change they guard.
 */
public interface AttributeDefinitionRepository {
    /** Ordered by name. */
    List<AttributeDefinition> list();

    Optional<AttributeDefinition> find(String name);

    /** @throws io.siyu.api.ConflictException if a custom attribute of that name exists */
    AttributeDefinition insert(AttributeDefinition definition, Instant now);

    /**
     * Replaces the definition of that name; empty if there is none.
     *
     * @throws io.siyu.api.ConflictException if the type changes while customers hold values of the
     *         attribute, or an ENUM drops a value that customers hold
     */
    Optional<AttributeDefinition> update(AttributeDefinition definition, Instant now);

    /**
     * Deletes the definition; with {@code purgeValues} also every customer's value of it (those
     * customers go to the change log).
     *
     * @return false if there was no such definition
     * @throws io.siyu.api.ConflictException if customers hold values and {@code purgeValues} is false
     */
    boolean delete(String name, boolean purgeValues, Instant now);

    /** How many customers hold a value of the attribute, whatever the schema says of it. */
    long countHolders(String name);
}
