package io.siyu.store.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Embeddable;

/**
 * A typed attribute value in customer_attribute. Values are kept as text with their type so that
 * a relational query (and the segment engine's rebuild) can read them without a JSON parser.
 * Types: boolean, integer, decimal, string, date (ISO {@code YYYY-MM-DD}, so text order is date order).
 */
@Embeddable
public class AttributeValue {
    @Column(name = "value_type", nullable = false, length = 16)
    private String type;
    @Column(name = "value_text", nullable = false, length = 4000)
    private String text;

    protected AttributeValue() {
    }

    static AttributeValue of(Object value) {
        AttributeValue v = new AttributeValue();
        if (value instanceof Boolean b) {
            v.type = "boolean";
            v.text = b.toString();
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            v.type = "integer";
            v.text = value.toString();
        } else if (value instanceof BigDecimal d) {
            v.type = "decimal";
            v.text = d.toPlainString();
        } else if (value instanceof Number n) {
            v.type = "decimal";
            v.text = new BigDecimal(n.toString()).toPlainString();
        } else if (value instanceof LocalDate d) {
            v.type = "date";
            v.text = d.toString();
        } else if (value instanceof String s) {
            v.type = "string";
            v.text = s;
        } else {
            throw new IllegalArgumentException("unsupported attribute value type " + value.getClass().getName());
        }
        return v;
    }

    Object toApi() {
        return switch (type) {
            case "boolean" -> Boolean.valueOf(text);
            case "integer" -> Long.valueOf(text);
            case "decimal" -> new BigDecimal(text);
            case "date" -> LocalDate.parse(text);
            default -> text;
        };
    }

    /** For plain JDBC writers (the customer import). */
    String type() {
        return type;
    }

    String text() {
        return text;
    }
}
