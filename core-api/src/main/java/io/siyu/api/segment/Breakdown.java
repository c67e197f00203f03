package io.siyu.api.segment;

import java.util.Map;
import java.util.Objects;

/**
 * Customers counted by the values of one attribute ({@code rows}) and, optionally, of a second one
 * ({@code columns}): a lead funnel by stage and source, customers by layer and advisor. Customers
 * without a value count under {@link #NONE}; every row's counts add up to the row's customers and
 * all rows to {@code total}.
 *
 * @param counts row value → column value → customers; with no {@code columns}, one column {@link #ALL}
 * @since 1.2
 */
public record Breakdown(String rows, String columns, Map<String, Map<String, Long>> counts, long total) {
    /** The value of customers who have none. */
    public static final String NONE = "";
    /** The one column when there is no second attribute. */
    public static final String ALL = "*";

    public Breakdown {
        Objects.requireNonNull(rows, "rows");
        counts = Map.copyOf(counts);
    }
}
