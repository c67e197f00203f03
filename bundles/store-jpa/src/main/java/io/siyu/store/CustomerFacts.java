package io.siyu.store;

import java.util.Map;

/**
 * What the segment index keeps of a customer: tag ids and attribute values (String, BigDecimal,
 * Boolean; dates as ISO text, which orders like the dates).
 */
public record CustomerFacts(long id, long[] tagIds, Map<String, Object> attributes) {
    /**
     * The pseudo-attribute (value {@code true}) that marks a customer holding an identity of this
     * type (the stored enum name) and namespace, so planners can tell who is reachable on a
     * channel account from memory. Real attribute names cannot start with '@'.
     */
    public static String reachAttribute(String idType, String namespace) {
        return "@reach:" + idType + ":" + namespace;
    }
}
