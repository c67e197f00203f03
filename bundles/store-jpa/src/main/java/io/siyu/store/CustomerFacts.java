package io.siyu.store;

import java.util.Map;

/**
 * What the segment index keeps of a customer: tag ids and attribute values (String, BigDecimal,
 * Boolean; dates as ISO text, which orders like the dates).
 */
public record CustomerFacts(long id, long[] tagIds, Map<String, Object> attributes) {
}
