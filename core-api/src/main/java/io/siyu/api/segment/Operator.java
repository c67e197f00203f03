package io.siyu.api.segment;

/** How an attribute is compared with the values of a condition. */
public enum Operator {
    EQ(1, 1),
    NE(1, 1),
    GT(1, 1),
    GE(1, 1),
    LT(1, 1),
    LE(1, 1),
    /** The attribute is one of the values. */
    IN(1, Integer.MAX_VALUE),
    NOT_IN(1, Integer.MAX_VALUE),
    /** Text contains the value, or a multi-valued attribute holds it. */
    CONTAINS(1, 1),
    STARTS_WITH(1, 1),
    /** Inclusive range: two values, low then high. */
    BETWEEN(2, 2),
    EXISTS(0, 0),
    NOT_EXISTS(0, 0);

    private final int minValues;
    private final int maxValues;

    Operator(int minValues, int maxValues) {
        this.minValues = minValues;
        this.maxValues = maxValues;
    }

    public boolean accepts(int valueCount) {
        return valueCount >= minValues && valueCount <= maxValues;
    }

    /** The single-value comparisons usable on numbers and amounts. */
    public boolean isComparison() {
        return ordinal() <= LE.ordinal();
    }
}
