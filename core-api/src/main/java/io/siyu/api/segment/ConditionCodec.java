package io.siyu.api.segment;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts condition trees to and from plain JSON-shaped values (maps, lists, strings, numbers,
 * booleans), the form REST bodies and stored definitions take. Every node is an object with a
 * {@code type}: {@code and}/{@code or} ({@code conditions}), {@code not} ({@code condition}),
 * {@code tags} ({@code match} ANY|ALL|NONE, {@code tagIds}), {@code attribute} ({@code attribute},
 * {@code operator}, {@code values}), {@code eventCount} ({@code eventType}, {@code minCount},
 * {@code lastDays}), {@code lastEventOlderThan} ({@code eventType}, {@code days}),
 * {@code totalAmount} ({@code operator}, {@code amount}, {@code lastDays}), {@code rfm}
 * ({@code dimension}, {@code min}, {@code max}), {@code layer} ({@code layer}) and
 * {@code inSegment} ({@code segmentId}). Errors name the path of the bad field, e.g.
 * {@code condition.conditions[1].operator}.
 */
public final class ConditionCodec {
    /** Deeper trees are refused: nobody builds them by hand and they only cost stack. */
    public static final int MAX_DEPTH = 32;

    private ConditionCodec() {
    }

    public static Map<String, Object> toTree(Condition condition) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (condition instanceof Condition.And and) {
            m.put("type", "and");
            m.put("conditions", and.conditions().stream().map(ConditionCodec::toTree).toList());
        } else if (condition instanceof Condition.Or or) {
            m.put("type", "or");
            m.put("conditions", or.conditions().stream().map(ConditionCodec::toTree).toList());
        } else if (condition instanceof Condition.Not not) {
            m.put("type", "not");
            m.put("condition", toTree(not.condition()));
        } else if (condition instanceof Condition.Tags tags) {
            m.put("type", "tags");
            m.put("match", tags.match().name());
            m.put("tagIds", tags.tagIds().stream().sorted().toList());
        } else if (condition instanceof Condition.Attribute a) {
            m.put("type", "attribute");
            m.put("attribute", a.attribute());
            m.put("operator", a.operator().name());
            m.put("values", a.values());
        } else if (condition instanceof Condition.EventCount e) {
            m.put("type", "eventCount");
            m.put("eventType", e.eventType());
            m.put("minCount", e.minCount());
            m.put("lastDays", e.lastDays());
        } else if (condition instanceof Condition.LastEventOlderThan e) {
            m.put("type", "lastEventOlderThan");
            m.put("eventType", e.eventType());
            m.put("days", e.days());
        } else if (condition instanceof Condition.TotalAmount t) {
            m.put("type", "totalAmount");
            m.put("operator", t.operator().name());
            m.put("amount", t.amount());
            m.put("lastDays", t.lastDays());
        } else if (condition instanceof Condition.Rfm r) {
            m.put("type", "rfm");
            m.put("dimension", r.dimension().name());
            m.put("min", r.min());
            m.put("max", r.max());
        } else if (condition instanceof Condition.Layer l) {
            m.put("type", "layer");
            m.put("layer", l.layer().name());
        } else if (condition instanceof Condition.InSegment s) {
            m.put("type", "inSegment");
            m.put("segmentId", s.segmentId());
        }
        return m;
    }

    /**
     * @param path the name of the field holding the tree, used as the prefix of error paths
     * @throws ValidationException naming every bad field it found
     */
    public static Condition fromTree(Object tree, String path) {
        List<FieldError> errors = new ArrayList<>();
        Condition c = read(tree, path, 0, errors);
        if (!errors.isEmpty() || c == null) {
            throw new ValidationException(errors.isEmpty() ? List.of(FieldError.of(path, "is required")) : errors);
        }
        return c;
    }

    private static Condition read(Object tree, String path, int depth, List<FieldError> errors) {
        if (!(tree instanceof Map<?, ?> node)) {
            errors.add(FieldError.of(path, tree == null ? "is required" : "must be an object with a \"type\""));
            return null;
        }
        if (depth >= MAX_DEPTH) {
            errors.add(FieldError.of(path, "nests deeper than " + MAX_DEPTH + " levels"));
            return null;
        }
        Object type = node.get("type");
        if (!(type instanceof String t)) {
            errors.add(FieldError.of(path + ".type", "is required: one of " + TYPES));
            return null;
        }
        int before = errors.size();
        try {
            Condition c = switch (t) {
                case "and", "or" -> {
                    List<Condition> children = new ArrayList<>();
                    List<?> list = list(node, "conditions", path, errors);
                    for (int i = 0; list != null && i < list.size(); i++) {
                        children.add(read(list.get(i), path + ".conditions[" + i + "]", depth + 1, errors));
                    }
                    if (errors.size() > before) {
                        yield null;
                    }
                    yield t.equals("and") ? new Condition.And(children) : new Condition.Or(children);
                }
                case "not" -> {
                    Condition child = read(node.get("condition"), path + ".condition", depth + 1, errors);
                    yield child == null ? null : new Condition.Not(child);
                }
                case "tags" -> {
                    Condition.TagMatch match = enumValue(Condition.TagMatch.class, node, "match", path, errors);
                    List<?> ids = list(node, "tagIds", path, errors);
                    Set<Long> tagIds = new LinkedHashSet<>();
                    for (int i = 0; ids != null && i < ids.size(); i++) {
                        Long id = integral(ids.get(i), path + ".tagIds[" + i + "]", errors);
                        if (id != null) {
                            tagIds.add(id);
                        }
                    }
                    yield errors.size() > before ? null : new Condition.Tags(match, tagIds);
                }
                case "attribute" -> {
                    String attribute = string(node, "attribute", path, errors);
                    Operator op = enumValue(Operator.class, node, "operator", path, errors);
                    Object raw = node.get("values");
                    List<Object> values = new ArrayList<>();
                    if (raw != null && !(raw instanceof List)) {
                        errors.add(FieldError.of(path + ".values", "must be a list"));
                    } else if (raw != null) {
                        List<?> list = (List<?>) raw;
                        for (int i = 0; i < list.size(); i++) {
                            Object v = list.get(i);
                            if (v instanceof String || v instanceof Boolean) {
                                values.add(v);
                            } else if (v instanceof Number n) {
                                values.add(decimal(n));
                            } else {
                                errors.add(FieldError.of(path + ".values[" + i + "]", "must be a string, a number or a boolean"));
                            }
                        }
                    }
                    yield errors.size() > before ? null : new Condition.Attribute(attribute, op, values);
                }
                case "eventCount" -> {
                    String eventType = string(node, "eventType", path, errors);
                    Long min = integral(orDefault(node, "minCount", 1), path + ".minCount", errors);
                    Long days = integral(node.get("lastDays"), path + ".lastDays", errors);
                    yield errors.size() > before ? null
                            : new Condition.EventCount(eventType, smallInt(min), smallInt(days));
                }
                case "lastEventOlderThan" -> {
                    String eventType = string(node, "eventType", path, errors);
                    Long days = integral(node.get("days"), path + ".days", errors);
                    yield errors.size() > before ? null : new Condition.LastEventOlderThan(eventType, smallInt(days));
                }
                case "totalAmount" -> {
                    Operator op = enumValue(Operator.class, node, "operator", path, errors);
                    Object amount = node.get("amount");
                    if (!(amount instanceof Number)) {
                        errors.add(FieldError.of(path + ".amount", "must be a number"));
                    }
                    Long days = integral(orDefault(node, "lastDays", 0), path + ".lastDays", errors);
                    yield errors.size() > before ? null
                            : new Condition.TotalAmount(op, decimal((Number) amount), smallInt(days));
                }
                case "rfm" -> {
                    RfmRule.Dimension dim = enumValue(RfmRule.Dimension.class, node, "dimension", path, errors);
                    Long min = integral(orDefault(node, "min", 1), path + ".min", errors);
                    Long max = integral(orDefault(node, "max", 5), path + ".max", errors);
                    yield errors.size() > before ? null : new Condition.Rfm(dim, smallInt(min), smallInt(max));
                }
                case "layer" -> {
                    CustomerLayer layer = enumValue(CustomerLayer.class, node, "layer", path, errors);
                    yield layer == null ? null : new Condition.Layer(layer);
                }
                case "inSegment" -> {
                    Long id = integral(node.get("segmentId"), path + ".segmentId", errors);
                    yield id == null ? null : new Condition.InSegment(id);
                }
                default -> {
                    errors.add(FieldError.of(path + ".type", "unknown condition type \"" + t + "\": one of " + TYPES));
                    yield null;
                }
            };
            return c;
        } catch (ValidationException e) {
            // The records check their own invariants with field names relative to the node.
            e.errors().forEach(fe -> errors.add(FieldError.of(path + "." + fe.field(), fe.message())));
            return null;
        }
    }

    private static final List<String> TYPES = List.of("and", "or", "not", "tags", "attribute", "eventCount",
            "lastEventOlderThan", "totalAmount", "rfm", "layer", "inSegment");

    private static Object orDefault(Map<?, ?> node, String key, int fallback) {
        Object v = node.get(key);
        return v == null ? Integer.valueOf(fallback) : v;
    }

    private static List<?> list(Map<?, ?> node, String key, String path, List<FieldError> errors) {
        Object v = node.get(key);
        if (!(v instanceof List<?> l)) {
            errors.add(FieldError.of(path + "." + key, v == null ? "is required" : "must be a list"));
            return null;
        }
        return l;
    }

    private static String string(Map<?, ?> node, String key, String path, List<FieldError> errors) {
        Object v = node.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            errors.add(FieldError.of(path + "." + key, v == null ? "is required" : "must be a non-empty string"));
            return null;
        }
        return s;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Map<?, ?> node, String key, String path,
            List<FieldError> errors) {
        Object v = node.get(key);
        if (v instanceof String s) {
            try {
                return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        errors.add(FieldError.of(path + "." + key, (v == null ? "is required" : "\"" + v + "\" is not allowed") + ": one of " + names));
        return null;
    }

    private static Long integral(Object v, String path, List<FieldError> errors) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            BigDecimal d = decimal(n);
            if (d.stripTrailingZeros().scale() <= 0) {
                return d.longValue();
            }
        }
        errors.add(FieldError.of(path, v == null ? "is required" : "must be a whole number"));
        return null;
    }

    /** Out-of-range values become values the records refuse with their own message. */
    private static int smallInt(Long v) {
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v < Integer.MIN_VALUE ? Integer.MIN_VALUE : v.intValue();
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }
}
