package io.siyu.core.internal.segment;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * One attribute across all customers: a bitmap per distinct value, numbers and text in sorted
 * maps so ranges and prefixes are map slices.
 */
final class AttributeColumn {
    final RoaringBitmap has = new RoaringBitmap();
    final TreeMap<BigDecimal, RoaringBitmap> numbers = new TreeMap<>();
    final TreeMap<String, RoaringBitmap> texts = new TreeMap<>();
    final RoaringBitmap trues = new RoaringBitmap();
    final RoaringBitmap falses = new RoaringBitmap();

    void add(int customer, Object value) {
        has.add(customer);
        if (value instanceof Boolean b) {
            (b ? trues : falses).add(customer);
        } else if (value instanceof BigDecimal d) {
            numbers.computeIfAbsent(d, k -> new RoaringBitmap()).add(customer);
        } else {
            texts.computeIfAbsent(value.toString(), k -> new RoaringBitmap()).add(customer);
        }
    }

    void removeAll(RoaringBitmap customers) {
        has.andNot(customers);
        trues.andNot(customers);
        falses.andNot(customers);
        prune(numbers, customers);
        prune(texts, customers);
    }

    private static <K> void prune(Map<K, RoaringBitmap> map, RoaringBitmap customers) {
        for (Iterator<RoaringBitmap> it = map.values().iterator(); it.hasNext();) {
            RoaringBitmap b = it.next();
            if (RoaringBitmap.intersects(b, customers)) {
                b.andNot(customers);
                if (b.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    boolean isEmpty() {
        return has.isEmpty();
    }

    long sizeInBytes() {
        long n = has.getLongSizeInBytes() + trues.getLongSizeInBytes() + falses.getLongSizeInBytes();
        for (RoaringBitmap b : numbers.values()) {
            n += b.getLongSizeInBytes() + 64;
        }
        for (Map.Entry<String, RoaringBitmap> e : texts.entrySet()) {
            n += e.getValue().getLongSizeInBytes() + 64 + 2L * e.getKey().length();
        }
        return n;
    }
}
