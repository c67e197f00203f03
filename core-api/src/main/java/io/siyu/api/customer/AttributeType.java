package io.siyu.api.customer;

/**
 * The type of a customer attribute and the Java type its values have in {@link Customer#attributes()}.
 * Multi-valued attributes are not supported: a customer holds at most one value per attribute.
 */
public enum AttributeType {
    /** {@link String}, at most 4,000 characters. */
    TEXT,
    /** {@link Long}. */
    INTEGER,
    /** {@link java.math.BigDecimal}; integers are accepted and widened. */
    DECIMAL,
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link java.time.LocalDate}; given as {@code YYYY-MM-DD} text on input, e.g. in JSON. */
    DATE,
    /** A {@link String} out of the definition's {@link AttributeDefinition#allowedValues()}. */
    ENUM
}
