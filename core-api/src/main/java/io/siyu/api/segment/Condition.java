package io.siyu.api.segment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A condition on customers; segments are trees of these. Every node checks itself on
 * construction, so a tree that exists is well formed (whether its tags, attributes and segments
 * exist is for the service to check).
 */
public sealed interface Condition {

    /** How {@link Tags} combines its tags. */
    enum TagMatch {
        /** Has at least one of them. */
        ANY,
        /** Has every one of them. */
        ALL,
        /** Has none of them. */
        NONE
    }

    record Tags(TagMatch match, Set<Long> tagIds) implements Condition {
        public Tags {
            Objects.requireNonNull(match, "match");
            tagIds = Set.copyOf(tagIds);
            Checks.require(!tagIds.isEmpty(), "tagIds", "name at least one tag");
        }
    }

    /** Compares a profile attribute; values are typed by the attribute schema (text, number, date, boolean). */
    record Attribute(String attribute, Operator operator, List<Object> values) implements Condition {
        public Attribute {
            Checks.text(attribute, "attribute");
            Objects.requireNonNull(operator, "operator");
            values = values == null ? List.of() : List.copyOf(values);
            Checks.require(operator.accepts(values.size()), "values",
                    operator + " does not take " + values.size() + " value(s)");
        }
    }

    /** Did {@code eventType} at least {@code minCount} times in the last {@code lastDays} days. */
    record EventCount(String eventType, int minCount, int lastDays) implements Condition {
        public EventCount {
            Checks.text(eventType, "eventType");
            Checks.require(minCount >= 1, "minCount", "must be at least 1 (use NOT for \"never\")");
            Checks.days(lastDays, "lastDays");
        }
    }

    /**
     * Did {@code eventType} before, but not in the last {@code days} days ("last order more than 90
     * days ago"). Customers who never did it do not match.
     */
    record LastEventOlderThan(String eventType, int days) implements Condition {
        public LastEventOlderThan {
            Checks.text(eventType, "eventType");
            Checks.days(days, "days");
        }
    }

    /** Order amounts net of refunds over the last {@code lastDays} days (0 = ever), compared with {@code amount}. */
    record TotalAmount(Operator operator, BigDecimal amount, int lastDays) implements Condition {
        public TotalAmount {
            Objects.requireNonNull(operator, "operator");
            Checks.require(operator.isComparison(), "operator", "must be a comparison (EQ, NE, GT, GE, LT, LE)");
            Objects.requireNonNull(amount, "amount");
            Checks.require(lastDays == 0 || (lastDays >= 1 && lastDays <= Checks.MAX_DAYS), "lastDays",
                    "must be 0 (ever) or between 1 and " + Checks.MAX_DAYS);
        }
    }

    /** One RFM dimension's score lies in {@code [min, max]}, scores being 1 to 5 under the current {@link RfmRule}. */
    record Rfm(RfmRule.Dimension dimension, int min, int max) implements Condition {
        public Rfm {
            Objects.requireNonNull(dimension, "dimension");
            Checks.require(min >= 1 && max <= 5 && min <= max, "min", "scores are 1 to 5 with min <= max");
        }
    }

    /** In the given layer under the current {@link RfmRule}. */
    record Layer(CustomerLayer layer) implements Condition {
        public Layer {
            Objects.requireNonNull(layer, "layer");
        }
    }

    /** Member of another segment (definitions that refer to themselves, directly or not, are refused). */
    record InSegment(long segmentId) implements Condition {
    }

    record And(List<Condition> conditions) implements Condition {
        public And {
            conditions = List.copyOf(conditions);
            Checks.require(!conditions.isEmpty(), "and", "needs at least one condition");
        }
    }

    record Or(List<Condition> conditions) implements Condition {
        public Or {
            conditions = List.copyOf(conditions);
            Checks.require(!conditions.isEmpty(), "or", "needs at least one condition");
        }
    }

    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "condition");
        }
    }

    static Condition and(Condition... conditions) {
        return new And(List.of(conditions));
    }

    static Condition or(Condition... conditions) {
        return new Or(List.of(conditions));
    }

    static Condition not(Condition condition) {
        return new Not(condition);
    }

    static Condition tags(TagMatch match, Long... tagIds) {
        return new Tags(match, Set.copyOf(List.of(tagIds)));
    }

    static Condition attribute(String attribute, Operator operator, Object... values) {
        return new Attribute(attribute, operator, List.of(values));
    }
}
