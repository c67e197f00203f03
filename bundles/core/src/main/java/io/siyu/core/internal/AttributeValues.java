package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.customer.AttributeDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an input value into the canonical Java value of its attribute's type, or explains what is
 * wrong with it. Input comes from JSON (dates as text, integers as Integer/Long/BigInteger, other
 * numbers as BigDecimal or Double) or from Java callers.
 */
final class AttributeValues {
    static final int MAX_TEXT = 4000;
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private AttributeValues() {
    }

    /** The canonical value, or null after adding an error for {@code field}. */
    static Object coerce(AttributeDefinition def, Object value, String field, List<FieldError> errors) {
        Object canonical = switch (def.type()) {
            case TEXT -> text(value);
            case INTEGER -> integer(value);
            case DECIMAL -> decimal(value);
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case DATE -> date(value);
            case ENUM -> value instanceof String s && def.allowedValues().contains(s) ? s : null;
        };
        if (canonical == null) {
            errors.add(FieldError.of(field, expected(def, value)));
        }
        return canonical;
    }

    private static String expected(AttributeDefinition def, Object value) {
        return switch (def.type()) {
            case TEXT -> value instanceof String ? "must be at most " + MAX_TEXT + " characters"
                    : "must be text (attribute type TEXT)";
            case INTEGER -> "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
                    + " (attribute type INTEGER)";
            case DECIMAL -> "must be a finite number (attribute type DECIMAL)";
            case BOOLEAN -> "must be true or false (attribute type BOOLEAN)";
            case DATE -> "must be a date as \"YYYY-MM-DD\" (attribute type DATE)";
            case ENUM -> "must be one of " + String.join(", ", def.allowedValues()) + " (attribute type ENUM)";
        };
    }

    private static String text(Object value) {
        return value instanceof String s && s.length() <= MAX_TEXT ? s : null;
    }

    private static Long integer(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        try {
            if (value instanceof BigInteger b) {
                return b.longValueExact();
            }
            // 3.0 from JSON is still the whole number 3
            if (value instanceof BigDecimal d) {
                return d.longValueExact();
            }
        } catch (ArithmeticException notAWholeLong) {
            return null;
        }
        return null;
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return new BigDecimal(value.toString());
        }
        return null;
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof String s && ISO_DATE.matcher(s).matches()) {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException impossibleDate) {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether an input value is the value already stored, as it reads back (LocalDate, Long,
     * BigDecimal, String, Boolean): an attribute that left the schema may be kept, unchanged.
     */
    static boolean same(Object stored, Object input) {
        if (stored == null || input == null) {
            return false;
        }
        if (stored instanceof LocalDate d) {
            return input instanceof LocalDate ? d.equals(input) : input instanceof String s && s.equals(d.toString());
        }
        if (stored instanceof BigDecimal || stored instanceof Long) {
            BigDecimal a = decimal(stored);
            BigDecimal b = decimal(input);
            return b != null && a.compareTo(b) == 0;
        }
        return stored.equals(input);
    }
}
