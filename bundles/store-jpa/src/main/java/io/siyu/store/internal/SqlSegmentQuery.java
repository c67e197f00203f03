package io.siyu.store.internal;

import io.siyu.api.ValidationException;
import io.siyu.api.FieldError;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.CustomerLayer;
import io.siyu.api.segment.Operator;
import io.siyu.api.segment.RfmRule;
import io.siyu.store.SegmentSql;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import javax.sql.DataSource;

/**
 * Translates a condition tree into one SQL WHERE clause over {@code customer c}. Deliberately
 * plain: subqueries per condition, correlated ones for amounts and RFM scores.
 */
final class SqlSegmentQuery implements SegmentSql {
    private static final String NUMERIC = "('integer', 'decimal')";
    private static final String NUMBER_VALUE = "CASE WHEN value_type IN " + NUMERIC
            + " THEN CAST(value_text AS DECIMAL(31, 8)) END";

    private final JdbcTransactions jdbc;
    private final SchemaMigrator.Dialect dialect;
    private final InstantConverter instants = new InstantConverter();

    SqlSegmentQuery(DataSource dataSource, SchemaMigrator.Dialect dialect) {
        this.jdbc = new JdbcTransactions(dataSource);
        this.dialect = dialect;
    }

    @Override
    public long count(Condition condition, Instant now, RfmRule rule, LongFunction<Condition> segments) {
        List<Object> params = new ArrayList<>();
        String where = new Builder(now, rule, segments, params).sql(condition);
        return jdbc.read("counting a segment", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customer c WHERE " + where)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<Long> members(Condition condition, Instant now, RfmRule rule, LongFunction<Condition> segments,
            long offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = new Builder(now, rule, segments, params).sql(condition);
        return jdbc.read("listing a segment", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c.id FROM customer c WHERE " + where
                    + " ORDER BY c.id OFFSET " + offset + " ROWS FETCH NEXT " + limit + " ROWS ONLY")) {
                bind(ps, params);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    private void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Instant t) {
                ps.setTimestamp(i + 1, instants.convertToDatabaseColumn(t));
            } else if (p instanceof BigDecimal d) {
                ps.setBigDecimal(i + 1, d);
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    private final class Builder {
        private final Instant now;
        private final RfmRule rule;
        private final LongFunction<Condition> segments;
        private final List<Object> params;
        private final Set<Long> expanding = new HashSet<>();

        Builder(Instant now, RfmRule rule, LongFunction<Condition> segments, List<Object> params) {
            this.now = now;
            this.rule = rule;
            this.segments = segments;
            this.params = params;
        }

        private String param(Object value) {
            params.add(value);
            return "?";
        }

        private Instant daysAgo(int days) {
            return now.minus(Duration.ofDays(days));
        }

        String sql(Condition condition) {
            if (condition instanceof Condition.And and) {
                return join(and.conditions(), " AND ");
            } else if (condition instanceof Condition.Or or) {
                return join(or.conditions(), " OR ");
            } else if (condition instanceof Condition.Not not) {
                return "NOT (" + sql(not.condition()) + ")";
            } else if (condition instanceof Condition.Tags tags) {
                return tags(tags);
            } else if (condition instanceof Condition.Attribute a) {
                return attribute(a);
            } else if (condition instanceof Condition.EventCount e) {
                return "c.id IN (SELECT customer_id FROM customer_event WHERE event_type = " + param(e.eventType())
                        + " AND occurred_at >= " + param(daysAgo(e.lastDays()))
                        + " GROUP BY customer_id HAVING COUNT(*) >= " + param(e.minCount()) + ")";
            } else if (condition instanceof Condition.LastEventOlderThan e) {
                return "c.id IN (SELECT customer_id FROM customer_event WHERE event_type = " + param(e.eventType())
                        + " GROUP BY customer_id HAVING MAX(occurred_at) < " + param(daysAgo(e.days())) + ")";
            } else if (condition instanceof Condition.TotalAmount t) {
                return netAmount(t.lastDays()) + " " + comparison(t.operator()) + " " + param(t.amount());
            } else if (condition instanceof Condition.Rfm r) {
                String score = switch (r.dimension()) {
                    case RECENCY -> recencyScore();
                    case FREQUENCY -> frequencyScore();
                    case MONETARY -> monetaryScore();
                };
                return score + " BETWEEN " + param(r.min()) + " AND " + param(r.max());
            } else if (condition instanceof Condition.Layer l) {
                return switch (l.layer()) {
                    case CORE -> totalScore() + " >= " + param(rule.coreMinScore());
                    case LOYAL -> totalScore() + " >= " + param(rule.loyalMinScore())
                            + " AND " + totalScore() + " < " + param(rule.coreMinScore());
                    case ORDINARY -> totalScore() + " < " + param(rule.loyalMinScore());
                };
            } else if (condition instanceof Condition.InSegment s) {
                if (!expanding.add(s.segmentId())) {
                    throw new ValidationException(FieldError.of("condition", "segment " + s.segmentId() + " refers to itself"));
                }
                Condition referenced = segments.apply(s.segmentId());
                String sql = referenced == null ? "1 = 0" : "(" + sql(referenced) + ")";
                expanding.remove(s.segmentId());
                return sql;
            }
            throw new IllegalArgumentException("unknown condition " + condition);
        }

        private String join(List<Condition> conditions, String op) {
            List<String> parts = new ArrayList<>();
            conditions.forEach(c -> parts.add("(" + sql(c) + ")"));
            return String.join(op, parts);
        }

        private String tags(Condition.Tags tags) {
            List<String> marks = new ArrayList<>();
            tags.tagIds().stream().sorted().forEach(id -> marks.add(param(id)));
            TagSets sets = TagSets.of(dialect);
            return switch (tags.match()) {
                case ANY -> sets.carries("c", marks, false);
                case NONE -> "NOT (" + sets.carries("c", marks, false) + ")";
                case ALL -> sets.carries("c", marks, true);
            };
        }

        private String attribute(Condition.Attribute a) {
            Operator op = a.operator();
            String has = "c.id IN (SELECT customer_id FROM customer_attribute WHERE name = " + param(a.attribute());
            return switch (op) {
                case EXISTS -> has + ")";
                case NOT_EXISTS -> "NOT (" + has + "))";
                case NE -> has + ") AND NOT (" + hasMatching(a.attribute(), Operator.EQ, a.values()) + ")";
                case NOT_IN -> has + ") AND NOT (" + hasMatching(a.attribute(), Operator.IN, a.values()) + ")";
                default -> {
                    params.remove(params.size() - 1);
                    yield hasMatching(a.attribute(), op, a.values());
                }
            };
        }

        private String hasMatching(String attribute, Operator op, List<Object> values) {
            return "c.id IN (SELECT customer_id FROM customer_attribute WHERE name = " + param(attribute)
                    + " AND (" + valuePredicate(op, values) + "))";
        }

        /** Numbers compare with numbers, text with text (code-point order), booleans only for equality. */
        private String valuePredicate(Operator op, List<Object> values) {
            return switch (op) {
                case EQ -> equal(values.get(0));
                case IN -> {
                    List<String> parts = new ArrayList<>();
                    values.forEach(v -> parts.add("(" + equal(v) + ")"));
                    yield String.join(" OR ", parts);
                }
                case GT, GE, LT, LE -> ordered(values.get(0), comparison(op));
                case BETWEEN -> "(" + ordered(values.get(0), ">=") + ") AND (" + ordered(values.get(1), "<=") + ")";
                case CONTAINS -> text() + " LIKE " + param("%" + escapeLike((String) values.get(0)) + "%") + " ESCAPE '!'";
                case STARTS_WITH -> text() + " LIKE " + param(escapeLike((String) values.get(0)) + "%") + " ESCAPE '!'";
                default -> throw new IllegalArgumentException(op + " has no value predicate");
            };
        }

        private String equal(Object v) {
            if (v instanceof Boolean b) {
                return "value_type = 'boolean' AND value_text = " + param(b.toString());
            }
            if (v instanceof Number n) {
                return NUMBER_VALUE + " = " + param(new BigDecimal(n.toString()));
            }
            return text() + " = " + param((String) v);
        }

        private String ordered(Object v, String cmp) {
            if (v instanceof Number n) {
                return NUMBER_VALUE + " " + cmp + " " + param(new BigDecimal(n.toString()));
            }
            return text() + " " + cmp + " " + param((String) v);
        }

        /** Text values (every type but numbers and booleans), compared by code point on both databases. */
        private String text() {
            String textOnly = "CASE WHEN value_type NOT IN ('integer', 'decimal', 'boolean') THEN value_text END";
            return dialect == SchemaMigrator.Dialect.POSTGRESQL ? "(" + textOnly + ") COLLATE \"C\"" : "(" + textOnly + ")";
        }

        private String netAmount(int lastDays) {
            String window = lastDays == 0 ? "" : " AND e.occurred_at >= " + param(daysAgo(lastDays));
            return "COALESCE((SELECT SUM(CASE WHEN e.event_type = 'order' THEN COALESCE(e.amount, 0)"
                    + " ELSE -COALESCE(e.amount, 0) END) FROM customer_event e WHERE e.customer_id = c.id"
                    + " AND e.event_type IN ('order', 'refund')" + window + "), 0)";
        }

        /** Built afresh at each use: its parameters must appear once per occurrence. */
        private String totalScore() {
            return "(" + recencyScore() + " + " + frequencyScore() + " + " + monetaryScore() + ")";
        }

        private String recencyScore() {
            String last = "(SELECT MAX(e.occurred_at) FROM customer_event e WHERE e.customer_id = c.id AND e.event_type = 'order')";
            StringBuilder sb = new StringBuilder("CASE");
            for (int i = 0; i < 4; i++) {
                sb.append(" WHEN ").append(last).append(" >= ").append(param(daysAgo(rule.recencyDays().get(i))))
                        .append(" THEN ").append(5 - i);
            }
            return sb.append(" ELSE 1 END").toString();
        }

        private String frequencyScore() {
            String count = "(SELECT COUNT(*) FROM customer_event e WHERE e.customer_id = c.id AND e.event_type = 'order'"
                    + " AND e.occurred_at >= " + param(daysAgo(rule.windowDays())) + ")";
            StringBuilder sb = new StringBuilder("CASE");
            for (int i = 3; i >= 0; i--) {
                sb.append(" WHEN ").append(i == 3 ? count : repeatCount()).append(" >= ")
                        .append(param(rule.frequencyCounts().get(i))).append(" THEN ").append(i + 2);
            }
            return sb.append(" ELSE 1 END").toString();
        }

        /** Each CASE branch repeats its subquery, so each needs its own window parameter. */
        private String repeatCount() {
            return "(SELECT COUNT(*) FROM customer_event e WHERE e.customer_id = c.id AND e.event_type = 'order'"
                    + " AND e.occurred_at >= " + param(daysAgo(rule.windowDays())) + ")";
        }

        private String monetaryScore() {
            StringBuilder sb = new StringBuilder("CASE");
            for (int i = 3; i >= 0; i--) {
                sb.append(" WHEN ").append(netAmount(rule.windowDays())).append(" >= ")
                        .append(param(rule.monetaryAmounts().get(i))).append(" THEN ").append(i + 2);
            }
            return sb.append(" ELSE 1 END").toString();
        }
    }

    private static String comparison(Operator op) {
        return switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
