package io.siyu.core.internal.segment;

import io.siyu.api.FieldError;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Checks a condition against what exists: tags and referenced segments must exist, a segment may
 * not refer back to itself through others, and attribute values must suit their operator. Error
 * paths match those of {@link io.siyu.api.segment.ConditionCodec}.
 */
final class ConditionChecker {
    private final Set<Long> tagIds;
    /** The condition of a stored segment, or null if there is none. */
    private final LongFunction<Condition> segments;
    private final Long self;
    /** The schema's definition of an attribute, or null if it has none. */
    private final Function<String, AttributeDefinition> attributes;
    private final List<FieldError> errors = new ArrayList<>();

    private ConditionChecker(Set<Long> tagIds, LongFunction<Condition> segments, Long self,
            Function<String, AttributeDefinition> attributes) {
        this.tagIds = tagIds;
        this.segments = segments;
        this.self = self;
        this.attributes = attributes;
    }

    /** @param self the id of the segment being updated, or null */
    static List<FieldError> check(Condition condition, String path, Set<Long> tagIds, LongFunction<Condition> segments,
            Long self, Function<String, AttributeDefinition> attributes) {
        ConditionChecker checker = new ConditionChecker(tagIds, segments, self, attributes);
        checker.visit(condition, path);
        return checker.errors;
    }

    private void visit(Condition c, String path) {
        if (c instanceof Condition.And and) {
            for (int i = 0; i < and.conditions().size(); i++) {
                visit(and.conditions().get(i), path + ".conditions[" + i + "]");
            }
        } else if (c instanceof Condition.Or or) {
            for (int i = 0; i < or.conditions().size(); i++) {
                visit(or.conditions().get(i), path + ".conditions[" + i + "]");
            }
        } else if (c instanceof Condition.Not not) {
            visit(not.condition(), path + ".condition");
        } else if (c instanceof Condition.Tags tags) {
            tags.tagIds().stream().filter(id -> !tagIds.contains(id)).sorted()
                    .forEach(id -> errors.add(FieldError.of(path + ".tagIds", "no tag with id " + id)));
        } else if (c instanceof Condition.Attribute a) {
            attribute(a, path);
        } else if (c instanceof Condition.InSegment s) {
            if (segments.apply(s.segmentId()) == null) {
                errors.add(FieldError.of(path + ".segmentId", "no segment with id " + s.segmentId()));
            } else if (self != null && reaches(s.segmentId(), new HashSet<>())) {
                errors.add(FieldError.of(path + ".segmentId", "segment " + s.segmentId()
                        + " refers back to segment " + self + ": segments may not form a loop"));
            }
        }
    }

    /** Why a condition value cannot be compared with the attribute's values, or null if it can. */
    private static String misfit(AttributeDefinition def, Object v, Operator op) {
        boolean text = op == Operator.CONTAINS || op == Operator.STARTS_WITH;
        return switch (def.type()) {
            case INTEGER, DECIMAL -> text ? op + " compares text; " + def.name() + " holds numbers"
                    : v instanceof BigDecimal ? null : def.name() + " holds numbers: give a number";
            case BOOLEAN -> v instanceof Boolean ? null : def.name() + " holds true or false";
            case DATE -> v instanceof String s && (text || ISO_DATE.matcher(s).matches()) ? null
                    : def.name() + " holds dates: give one as YYYY-MM-DD";
            case ENUM -> !(v instanceof String s) ? def.name() + " holds one of " + def.allowedValues()
                    : text || def.allowedValues().contains(s) ? null
                    : "\"" + s + "\" is not one of " + def.allowedValues();
            case TEXT -> v instanceof String ? null : def.name() + " holds text: give a string";
        };
    }

    private static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** Whether segment {@code id} is {@code self} or refers to it, directly or not. */
    private boolean reaches(long id, Set<Long> visited) {
        if (id == self) {
            return true;
        }
        if (!visited.add(id)) {
            return false;
        }
        Condition c = segments.apply(id);
        return c != null && references(c).stream().anyMatch(r -> reaches(r, visited));
    }

    static Set<Long> references(Condition c) {
        Set<Long> out = new HashSet<>();
        collect(c, out);
        return out;
    }

    private static void collect(Condition c, Set<Long> out) {
        if (c instanceof Condition.And and) {
            and.conditions().forEach(x -> collect(x, out));
        } else if (c instanceof Condition.Or or) {
            or.conditions().forEach(x -> collect(x, out));
        } else if (c instanceof Condition.Not not) {
            collect(not.condition(), out);
        } else if (c instanceof Condition.InSegment s) {
            out.add(s.segmentId());
        }
    }

    private void attribute(Condition.Attribute a, String path) {
        Operator op = a.operator();
        List<Object> values = a.values().stream().map(SegmentEvaluator::normalise).toList();
        AttributeDefinition def = attributes.apply(a.attribute());
        if (def == null) {
            errors.add(FieldError.of(path + ".attribute", "unknown attribute \"" + a.attribute() + "\" (see GET /attributes)"));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String problem = misfit(def, values.get(i), op);
            if (problem != null) {
                errors.add(FieldError.of(path + ".values[" + i + "]", problem));
            }
        }
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (!(v instanceof String || v instanceof BigDecimal || v instanceof Boolean)) {
                errors.add(FieldError.of(path + ".values[" + i + "]", "must be a string, a number or a boolean"));
                return;
            }
        }
        switch (op) {
            case CONTAINS, STARTS_WITH -> {
                if (!(values.get(0) instanceof String)) {
                    errors.add(FieldError.of(path + ".values[0]", op + " compares text: give a string"));
                }
            }
            case GT, GE, LT, LE, BETWEEN -> {
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) instanceof Boolean) {
                        errors.add(FieldError.of(path + ".values[" + i + "]", op + " does not order booleans"));
                    }
                }
                if (op == Operator.BETWEEN && values.get(0).getClass() != values.get(1).getClass()) {
                    errors.add(FieldError.of(path + ".values", "BETWEEN needs two numbers or two strings"));
                }
            }
            default -> {
            }
        }
    }
}
