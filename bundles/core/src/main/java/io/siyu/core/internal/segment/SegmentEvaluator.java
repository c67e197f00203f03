package io.siyu.core.internal.segment;

import io.siyu.api.event.EventTypes;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.CustomerLayer;
import io.siyu.api.segment.Operator;
import io.siyu.api.segment.RfmRule;
import io.siyu.store.EventFact;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * Evaluates a condition tree on the index, always within a candidate set: an AND narrows the set
 * child by child (cheap bitmap conditions first), so per-customer checks such as event counts or
 * RFM scores only visit customers still in play. Semantics, shared with the SQL oracle:
 * <ul>
 * <li>"in the last D days" means at or after now − D×24 h; now is a whole second;</li>
 * <li>NE / NOT_IN match customers who have the attribute with another value; numbers compare
 * with numbers, text with text by code point, booleans only for (in)equality;</li>
 * <li>a customer without orders or refunds has a net amount of 0 and RFM scores of 1.</li>
 * </ul>
 */
final class SegmentEvaluator {
    private static final long DAY = 86_400L;

    private final CustomerIndex index;
    private final int now;
    private final RfmRule rule;
    private final LongFunction<Condition> segments;
    private final Set<Long> expanding = new HashSet<>();
    private final int[] recencyCutoffs = new int[4];
    private final long[] monetaryCuts = new long[4];

    SegmentEvaluator(CustomerIndex index, Instant now, RfmRule rule, LongFunction<Condition> segments) {
        this.index = index;
        this.now = EventColumn.seconds(now.toEpochMilli());
        this.rule = rule;
        this.segments = segments;
        for (int i = 0; i < 4; i++) {
            recencyCutoffs[i] = cutoff(rule.recencyDays().get(i));
            // Net amounts are whole ten-thousandths, so "net >= a" is "net >= a rounded up".
            monetaryCuts[i] = rule.monetaryAmounts().get(i).movePointRight(EventFact.AMOUNT_SCALE)
                    .setScale(0, RoundingMode.CEILING).longValueExact();
        }
    }

    RoaringBitmap evaluate(Condition condition) {
        return evaluate(condition, index.all);
    }

    /** Members of {@code condition} among {@code candidates}; never modifies {@code candidates}. */
    RoaringBitmap evaluate(Condition condition, RoaringBitmap candidates) {
        if (condition instanceof Condition.And and) {
            List<Condition> ordered = new ArrayList<>(and.conditions());
            ordered.sort(Comparator.comparingInt(SegmentEvaluator::cost));
            RoaringBitmap current = candidates;
            for (Condition c : ordered) {
                if (current.isEmpty()) {
                    break;
                }
                current = evaluate(c, current);
            }
            return current == candidates ? candidates.clone() : current;
        } else if (condition instanceof Condition.Or or) {
            RoaringBitmap result = new RoaringBitmap();
            RoaringBitmap remaining = candidates.clone();
            for (Condition c : or.conditions()) {
                if (remaining.isEmpty()) {
                    break;
                }
                RoaringBitmap hit = evaluate(c, remaining);
                result.or(hit);
                remaining.andNot(hit);
            }
            return result;
        } else if (condition instanceof Condition.Not not) {
            return RoaringBitmap.andNot(candidates, evaluate(not.condition(), candidates));
        } else if (condition instanceof Condition.Tags tags) {
            return tags(tags, candidates);
        } else if (condition instanceof Condition.Attribute a) {
            return RoaringBitmap.and(attribute(a, candidates), candidates);
        } else if (condition instanceof Condition.EventCount e) {
            return eventCount(e, candidates);
        } else if (condition instanceof Condition.LastEventOlderThan e) {
            return lastOlderThan(e, candidates);
        } else if (condition instanceof Condition.TotalAmount t) {
            return totalAmount(t, candidates);
        } else if (condition instanceof Condition.Rfm r) {
            return rfm(candidates, scores -> {
                int s = scores[r.dimension().ordinal()];
                return s >= r.min() && s <= r.max();
            });
        } else if (condition instanceof Condition.Layer l) {
            return rfm(candidates, scores -> rule.layer(scores[0], scores[1], scores[2]) == l.layer());
        } else if (condition instanceof Condition.InSegment s) {
            if (!expanding.add(s.segmentId())) {
                throw new IllegalStateException("segment " + s.segmentId() + " refers to itself");
            }
            try {
                Condition referenced = segments.apply(s.segmentId());
                return referenced == null ? new RoaringBitmap() : evaluate(referenced, candidates);
            } finally {
                expanding.remove(s.segmentId());
            }
        }
        throw new IllegalArgumentException("unknown condition " + condition);
    }

    /** Bitmap-only conditions first; per-customer scans last. */
    private static int cost(Condition c) {
        if (c instanceof Condition.Tags || c instanceof Condition.Attribute) {
            return 0;
        } else if (c instanceof Condition.EventCount || c instanceof Condition.LastEventOlderThan) {
            return 2;
        } else if (c instanceof Condition.TotalAmount) {
            return 3;
        } else if (c instanceof Condition.Rfm || c instanceof Condition.Layer) {
            return 4;
        } else if (c instanceof Condition.Not not) {
            return cost(not.condition());
        } else if (c instanceof Condition.And and) {
            return and.conditions().stream().mapToInt(SegmentEvaluator::cost).max().orElse(0);
        } else if (c instanceof Condition.Or or) {
            return or.conditions().stream().mapToInt(SegmentEvaluator::cost).max().orElse(0) + 1;
        }
        return 5;
    }

    private RoaringBitmap tags(Condition.Tags tags, RoaringBitmap candidates) {
        List<RoaringBitmap> bitmaps = new ArrayList<>();
        for (long id : tags.tagIds()) {
            RoaringBitmap b = index.tags.get(id);
            if (b != null) {
                bitmaps.add(b);
            } else if (tags.match() == Condition.TagMatch.ALL) {
                return new RoaringBitmap();
            }
        }
        return switch (tags.match()) {
            case ANY -> RoaringBitmap.and(union(bitmaps), candidates);
            case NONE -> RoaringBitmap.andNot(candidates, union(bitmaps));
            case ALL -> {
                RoaringBitmap result = candidates.clone();
                bitmaps.sort(Comparator.comparingInt(RoaringBitmap::getCardinality));
                for (RoaringBitmap b : bitmaps) {
                    result.and(b);
                }
                yield result;
            }
        };
    }

    private static RoaringBitmap union(Collection<RoaringBitmap> bitmaps) {
        return bitmaps.isEmpty() ? new RoaringBitmap() : FastAggregation.or(bitmaps.iterator());
    }

    private RoaringBitmap attribute(Condition.Attribute a, RoaringBitmap candidates) {
        AttributeColumn col = index.attributes.get(a.attribute());
        if (col == null) {
            return a.operator() == Operator.NOT_EXISTS ? candidates.clone() : new RoaringBitmap();
        }
        List<Object> values = a.values().stream().map(SegmentEvaluator::normalise).toList();
        return switch (a.operator()) {
            case EXISTS -> col.has;
            case NOT_EXISTS -> RoaringBitmap.andNot(candidates, col.has);
            case EQ -> equal(col, values.get(0));
            case NE -> RoaringBitmap.andNot(col.has, equal(col, values.get(0)));
            case IN -> union(values.stream().map(v -> equal(col, v)).toList());
            case NOT_IN -> RoaringBitmap.andNot(col.has, union(values.stream().map(v -> equal(col, v)).toList()));
            case GT -> range(col, values.get(0), false, null, false);
            case GE -> range(col, values.get(0), true, null, false);
            case LT -> range(col, null, false, values.get(0), false);
            case LE -> range(col, null, false, values.get(0), true);
            case BETWEEN -> range(col, values.get(0), true, values.get(1), true);
            case CONTAINS -> {
                String needle = (String) values.get(0);
                yield union(col.texts.entrySet().stream().filter(e -> e.getKey().contains(needle))
                        .map(Map.Entry::getValue).toList());
            }
            case STARTS_WITH -> {
                String prefix = (String) values.get(0);
                List<RoaringBitmap> hits = new ArrayList<>();
                for (Map.Entry<String, RoaringBitmap> e : col.texts.tailMap(prefix, true).entrySet()) {
                    if (!e.getKey().startsWith(prefix)) {
                        break;
                    }
                    hits.add(e.getValue());
                }
                yield union(hits);
            }
        };
    }

    static Object normalise(Object v) {
        return v instanceof Number n && !(v instanceof BigDecimal) ? new BigDecimal(n.toString()) : v;
    }

    private static RoaringBitmap equal(AttributeColumn col, Object v) {
        RoaringBitmap b;
        if (v instanceof Boolean bool) {
            b = bool ? col.trues : col.falses;
        } else if (v instanceof BigDecimal d) {
            b = col.numbers.get(d);
        } else {
            b = col.texts.get((String) v);
        }
        return b == null ? new RoaringBitmap() : b;
    }

    /** A slice of the numbers or of the texts; bounds of the other kind (or booleans) match nothing. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RoaringBitmap range(AttributeColumn col, Object low, boolean lowInclusive, Object high,
            boolean highInclusive) {
        Object kind = low != null ? low : high;
        if (kind instanceof Boolean || (low != null && high != null && low.getClass() != high.getClass())) {
            return new RoaringBitmap();
        }
        java.util.NavigableMap map = kind instanceof BigDecimal ? col.numbers : col.texts;
        if (low != null && high != null) {
            if (((Comparable) low).compareTo(high) > 0) {
                return new RoaringBitmap();
            }
            map = map.subMap(low, lowInclusive, high, highInclusive);
        } else if (low != null) {
            map = map.tailMap(low, lowInclusive);
        } else {
            map = map.headMap(high, highInclusive);
        }
        return union(((Map<Object, RoaringBitmap>) map).values());
    }

    private int cutoff(int days) {
        return (int) Math.max(Integer.MIN_VALUE, now - days * DAY);
    }

    private RoaringBitmap eventCount(Condition.EventCount e, RoaringBitmap candidates) {
        EventColumn col = index.events(e.eventType());
        if (col == null) {
            return new RoaringBitmap();
        }
        int cutoff = cutoff(e.lastDays());
        int min = e.minCount();
        RoaringBitmapWriter<RoaringBitmap> out = RoaringBitmapWriter.writer().get();
        RoaringBitmap.and(col.has, candidates).forEach((int c) -> {
            if (EventColumn.countSince(col.times(c), cutoff) >= min) {
                out.add(c);
            }
        });
        return out.get();
    }

    private RoaringBitmap lastOlderThan(Condition.LastEventOlderThan e, RoaringBitmap candidates) {
        EventColumn col = index.events(e.eventType());
        if (col == null) {
            return new RoaringBitmap();
        }
        int cutoff = cutoff(e.days());
        RoaringBitmapWriter<RoaringBitmap> out = RoaringBitmapWriter.writer().get();
        RoaringBitmap.and(col.has, candidates).forEach((int c) -> {
            int[] t = col.times(c);
            if (t[t.length - 1] < cutoff) {
                out.add(c);
            }
        });
        return out.get();
    }

    /** Sum of amounts at or after {@code cutoff}, in ten-thousandths. */
    private static long sumSince(EventColumn col, int customer, int cutoff) {
        if (col == null) {
            return 0;
        }
        int[] t = col.times(customer);
        if (t == null) {
            return 0;
        }
        long[] a = col.amounts(customer);
        long sum = 0;
        for (int i = t.length - 1; i >= 0 && t[i] >= cutoff; i--) {
            sum += a[i];
        }
        return sum;
    }

    private RoaringBitmap buyers() {
        EventColumn orders = index.events(EventTypes.ORDER);
        EventColumn refunds = index.events(EventTypes.REFUND);
        RoaringBitmap b = new RoaringBitmap();
        if (orders != null) {
            b.or(orders.has);
        }
        if (refunds != null) {
            b.or(refunds.has);
        }
        return b;
    }

    private RoaringBitmap totalAmount(Condition.TotalAmount t, RoaringBitmap candidates) {
        EventColumn orders = index.events(EventTypes.ORDER);
        EventColumn refunds = index.events(EventTypes.REFUND);
        int cutoff = t.lastDays() == 0 ? Integer.MIN_VALUE : cutoff(t.lastDays());
        BigDecimal amount = t.amount();
        RoaringBitmap buyers = RoaringBitmap.and(buyers(), candidates);
        RoaringBitmapWriter<RoaringBitmap> out = RoaringBitmapWriter.writer().get();
        buyers.forEach((int c) -> {
            long net = sumSince(orders, c, cutoff) - sumSince(refunds, c, cutoff);
            if (holds(t.operator(), compare(net, amount))) {
                out.add(c);
            }
        });
        RoaringBitmap result = out.get();
        if (holds(t.operator(), compare(0, amount))) {
            result.or(RoaringBitmap.andNot(candidates, buyers));
        }
        return result;
    }

    private static int compare(long scaled, BigDecimal amount) {
        return BigDecimal.valueOf(scaled, EventFact.AMOUNT_SCALE).compareTo(amount);
    }

    private static boolean holds(Operator op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    interface ScoreTest {
        boolean test(int[] scores);
    }

    private RoaringBitmap rfm(RoaringBitmap candidates, ScoreTest test) {
        RoaringBitmap buyers = RoaringBitmap.and(buyers(), candidates);
        RoaringBitmapWriter<RoaringBitmap> out = RoaringBitmapWriter.writer().get();
        int[] scores = new int[3];
        buyers.forEach((int c) -> {
            scores(c, scores);
            if (test.test(scores)) {
                out.add(c);
            }
        });
        RoaringBitmap result = out.get();
        if (test.test(new int[] {1, 1, 1})) {
            result.or(RoaringBitmap.andNot(candidates, buyers));
        }
        return result;
    }

    /** Recency, frequency and monetary score of one customer under the rule, into {@code out}. */
    void scores(int customer, int[] out) {
        EventColumn orders = index.events(EventTypes.ORDER);
        EventColumn refunds = index.events(EventTypes.REFUND);
        int[] t = orders == null ? null : orders.times(customer);
        int recency = 1;
        if (t != null) {
            int last = t[t.length - 1];
            for (int i = 3; i >= 0; i--) {
                if (last >= recencyCutoffs[i]) {
                    recency = 5 - i;
                }
            }
        }
        int window = cutoff(rule.windowDays());
        int count = t == null ? 0 : EventColumn.countSince(t, window);
        long net = sumSince(orders, customer, window) - sumSince(refunds, customer, window);
        out[0] = recency;
        out[1] = rule.frequencyScore(count);
        int monetary = 1;
        for (int i = 0; i < 4; i++) {
            if (net >= monetaryCuts[i]) {
                monetary = i + 2;
            }
        }
        out[2] = monetary;
    }

    CustomerLayer layer(int customer) {
        int[] s = new int[3];
        scores(customer, s);
        return rule.layer(s[0], s[1], s[2]);
    }
}
