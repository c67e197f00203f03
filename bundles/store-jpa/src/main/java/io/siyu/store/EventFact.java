package io.siyu.store;

/**
 * What the segment index keeps of an event. {@code seq} is the store's commit-order number;
 * {@code amount} is in ten-thousandths of the major unit (orders and refunds), else 0.
 */
public record EventFact(long seq, long customerId, String type, long occurredAtMillis, long amount) {
    /** Amounts are DECIMAL(19,4) in the store. */
    public static final int AMOUNT_SCALE = 4;
}
