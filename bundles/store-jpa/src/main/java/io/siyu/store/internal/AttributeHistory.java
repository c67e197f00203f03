package io.siyu.store.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import javax.persistence.EntityManager;

/**
 * Writes one {@code attribute.changed} event per attribute an update changes, inside the update's
 * transaction, so a lead's stage history or an owner change can be read from the timeline and a
 * funnel can be dated.
 */
final class AttributeHistory {
    static final String CHANGED = "attribute.changed";

    private AttributeHistory() {
    }

    static Map<String, Object> values(CustomerEntity e) {
        Map<String, Object> values = new LinkedHashMap<>();
        e.attributes().forEach((k, v) -> values.put(k, v.toApi()));
        return values;
    }

    static void record(EntityManager em, long customerId, Map<String, Object> before, Map<String, Object> after,
            String by, Instant now) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            Object from = before.get(name);
            Object to = after.get(name);
            if (!same(from, to)) {
                TagHistory.write(em, customerId, CHANGED, "attr-" + UUID.randomUUID(), properties(name, from, to, by), now);
            }
        }
    }

    /** Decimals by value: 1.0 and 1.00 are the same amount. */
    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    static String properties(String name, Object from, Object to, String by) {
        StringBuilder json = new StringBuilder("{\"attribute\":").append(TagHistory.quote(name));
        if (from != null) {
            json.append(",\"from\":").append(value(from));
        }
        if (to != null) {
            json.append(",\"to\":").append(value(to));
        }
        return json.append(",\"by\":").append(TagHistory.quote(by)).append('}').toString();
    }

    private static String value(Object v) {
        if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return TagHistory.quote(v.toString());
    }
}
