package io.siyu.core.internal.segment;

import io.siyu.api.segment.Condition;

/**
 * Whether one customer matches a condition, on the segment index: what an SOP branch asks, without
 * evaluating the condition for everyone. The segment service implements it next to its API.
 */
public interface CustomerMatcher {
    /** False for customers the index does not hold (unknown, or deleted). */
    boolean matches(long customerId, Condition condition);
}
