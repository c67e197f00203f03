package io.siyu.core.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.api.PageRequest;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.ConditionCodec;
import io.siyu.api.segment.CustomerLayer;
import io.siyu.api.segment.Operator;
import io.siyu.api.segment.RfmRule;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.core.internal.TestStores;
import io.siyu.store.NewEvent;
import io.siyu.store.Store;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test: on random customers, tags, attributes and events, random condition trees give the
 * same members from the bitmap index as from one plain SQL query over the store, on Derby and on
 * PostgreSQL; and again after random changes the index learns from the change log.
 */
class SegmentOracleTest {
    static final Instant NOW = Instant.parse("2026-11-01T08:00:00Z");
    static final String[] REGIONS = {"上海", "杭州", "北京", "深圳", "Chengdu", "chengdu", "成都市"};
    static final String[] GENDERS = {"male", "female", "unknown"};
    static final String[] TYPES = {EventTypes.ORDER, EventTypes.REFUND, EventTypes.ARTICLE_VIEW, EventTypes.CONTACT_ADDED};
    static final int[] DAYS = {1, 7, 30, 60, 90, 180, 365};

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theIndexAndTheSqlQueryAgreeOnRandomDataAndRandomDefinitions(String kind, Supplier<TestStores> stores) {
        long seed = Long.getLong("siyu.test.seed", 20261101L);
        try (TestStores ts = stores.get()) {
            Store store = ts.store;
            Random random = new Random(seed);
            List<Long> tags = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Tag t = store.tags().insert(new TagDraft("g" + (i % 3), "t" + i, null), NOW);
                tags.add(t.id());
            }
            List<Long> customers = new ArrayList<>();
            for (int i = 0; i < 180; i++) {
                customers.add(store.customers().insert(randomCustomer(random, tags, i), NOW).id());
            }
            store.events().ingest(randomEvents(random, customers, 1200, "e"), NOW);

            SegmentServiceImpl service = new SegmentServiceImpl(store, schema(store), Clock.fixed(NOW, ZoneOffset.UTC), false);
            // A non-default rule too, so RFM cut points are not accidentally the defaults everywhere.
            RfmRule rule = new RfmRule(180, List.of(7, 30, 90, 180), List.of(1, 2, 4, 6),
                    List.of(new BigDecimal("100"), new BigDecimal("500.5"), new BigDecimal("1500"), new BigDecimal("4000")), 8, 11);
            SegmentDefinition s1 = service.define(Caller.SYSTEM, new SegmentDraft("s1", null, randomCondition(random, tags, List.of(), 2)));
            SegmentDefinition s2 = service.define(Caller.SYSTEM, new SegmentDraft("s2", null,
                    Condition.or(new Condition.InSegment(s1.id()), randomCondition(random, tags, List.of(), 1))));
            List<Long> segments = List.of(s1.id(), s2.id());

            compare(kind, seed, "initial", service, store, random, tags, segments, RfmRule.DEFAULT, 70);
            service.setRfmRule(Caller.SYSTEM, rule);
            compare(kind, seed, "custom rule", service, store, random, tags, segments, rule, 30);

            // Changes through the store reach the index through the change and event logs.
            for (int i = 0; i < 40; i++) {
                long id = customers.get(random.nextInt(customers.size()));
                Customer c = store.customers().find(id).orElse(null);
                if (c == null) {
                    continue;
                }
                if (i % 10 == 0) {
                    store.customers().delete(id, NOW);
                } else {
                    store.customers().update(id, randomCustomer(random, tags, i), null, NOW);
                }
            }
            for (int i = 0; i < 20; i++) {
                customers.add(store.customers().insert(randomCustomer(random, tags, 1000 + i), NOW).id());
            }
            List<Long> live = new ArrayList<>();
            for (long id : customers) {
                if (store.customers().find(id).isPresent()) {
                    live.add(id);
                }
            }
            store.events().ingest(randomEvents(random, live, 400, "f"), NOW);
            Tag dropped = store.tags().find(tags.get(0)).orElseThrow();
            store.tags().delete(dropped.id(), NOW);
            List<Long> remaining = tags.subList(1, tags.size());
            compare(kind, seed, "after changes", service, store, random, remaining, segments, rule, 50);
        }
    }

    private static void compare(String kind, long seed, String phase, SegmentServiceImpl service, Store store,
            Random random, List<Long> tags, List<Long> segments, RfmRule rule, int rounds) {
        for (int round = 0; round < rounds; round++) {
            Condition c = randomCondition(random, tags, segments, 3);
            long expected = store.segmentSql().count(c, NOW, rule, service.memberships()::condition);
            List<Long> expectedIds = store.segmentSql().members(c, NOW, rule, service.memberships()::condition, 0, 1000);
            String where = kind + " seed " + seed + " " + phase + " round " + round + ": " + ConditionCodec.toTree(c);
            assertEquals(expected, service.count(Caller.SYSTEM, c), where);
            assertEquals(expectedIds, service.members(Caller.SYSTEM, c, new PageRequest(0, 1000)).items(), where);
        }
        // Layers agree with the layer conditions for every customer.
        for (CustomerLayer layer : CustomerLayer.values()) {
            List<Long> ids = store.segmentSql().members(new Condition.Layer(layer), NOW, rule, id -> null, 0, 1000);
            for (long id : ids) {
                assertEquals(layer, service.layerOf(Caller.SYSTEM, id), kind + " " + phase + " customer " + id);
            }
        }
    }

    /** The schema the random data follows: gender and region are built in, the rest defined here. */
    static AttributeSchemaService schema(Store store) {
        AttributeSchemaService schema = io.siyu.core.internal.TestStores.attributeSchema(store);
        schema.define(new AttributeDraft("age", null, AttributeType.INTEGER, null, null));
        schema.define(new AttributeDraft("score", null, AttributeType.DECIMAL, null, null));
        schema.define(new AttributeDraft("vip", null, AttributeType.BOOLEAN, null, null));
        schema.define(new AttributeDraft("code", null, AttributeType.TEXT, null, null));
        schema.define(new AttributeDraft("missing", null, AttributeType.TEXT, null, null));
        return schema;
    }

    static CustomerDraft randomCustomer(Random r, List<Long> tags, int i) {
        Set<Long> tagIds = new HashSet<>();
        for (long t : tags) {
            if (r.nextInt(3) == 0) {
                tagIds.add(t);
            }
        }
        Map<String, Object> attrs = new HashMap<>();
        if (r.nextInt(5) > 0) {
            attrs.put("gender", GENDERS[r.nextInt(GENDERS.length)]);
        }
        if (r.nextInt(4) > 0) {
            attrs.put("region", REGIONS[r.nextInt(REGIONS.length)]);
        }
        if (r.nextBoolean()) {
            attrs.put("age", (long) (16 + r.nextInt(60)));
        }
        if (r.nextBoolean()) {
            attrs.put("score", new BigDecimal(r.nextInt(10000)).movePointLeft(2));
        }
        if (r.nextInt(3) == 0) {
            attrs.put("vip", r.nextBoolean());
        }
        if (r.nextInt(3) == 0) {
            // Text that looks like a number must still compare as text.
            attrs.put("code", r.nextBoolean() ? "10" + r.nextInt(10) : "9" + r.nextInt(10));
        }
        return new CustomerDraft("c" + i, List.of(), tagIds, attrs);
    }

    static List<NewEvent> randomEvents(Random r, List<Long> customers, int n, String prefix) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = TYPES[r.nextInt(TYPES.length)];
            Instant at;
            if (r.nextInt(8) == 0) {
                at = NOW.minus(Duration.ofDays(DAYS[r.nextInt(DAYS.length)])); // exactly on a window's edge
            } else {
                at = NOW.minusSeconds(r.nextInt(400 * 86_400) - 6 * 3600).minusMillis(r.nextInt(1000));
            }
            BigDecimal amount = type.equals(EventTypes.ORDER) || type.equals(EventTypes.REFUND)
                    ? new BigDecimal(r.nextInt(300_000)).movePointLeft(2).setScale(4) : null;
            events.add(new NewEvent(prefix + i, type, at, "test", customers.get(r.nextInt(customers.size())), null,
                    "{}", List.of(), amount));
        }
        return events;
    }

    static Condition randomCondition(Random r, List<Long> tags, List<Long> segments, int depth) {
        int pick = r.nextInt(depth > 0 ? 13 : 10);
        switch (pick) {
            case 0, 1 -> {
                Set<Long> ids = new LinkedHashSet<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    ids.add(tags.get(r.nextInt(tags.size())));
                }
                return new Condition.Tags(Condition.TagMatch.values()[r.nextInt(3)], ids);
            }
            case 2, 3 -> {
                return randomAttribute(r);
            }
            case 4 -> {
                return new Condition.EventCount(TYPES[r.nextInt(TYPES.length)], 1 + r.nextInt(3), DAYS[r.nextInt(DAYS.length)]);
            }
            case 5 -> {
                return new Condition.LastEventOlderThan(TYPES[r.nextInt(TYPES.length)], DAYS[r.nextInt(DAYS.length)]);
            }
            case 6 -> {
                Operator op = Operator.values()[r.nextInt(6)];
                BigDecimal amount = r.nextInt(5) == 0 ? BigDecimal.ZERO : new BigDecimal(r.nextInt(400_000)).movePointLeft(2);
                return new Condition.TotalAmount(op, amount, r.nextBoolean() ? 0 : DAYS[r.nextInt(DAYS.length)]);
            }
            case 7 -> {
                int min = 1 + r.nextInt(5);
                return new Condition.Rfm(RfmRule.Dimension.values()[r.nextInt(3)], min, min + r.nextInt(6 - min));
            }
            case 8 -> {
                return new Condition.Layer(CustomerLayer.values()[r.nextInt(3)]);
            }
            case 9 -> {
                return segments.isEmpty() ? randomAttribute(r) : new Condition.InSegment(segments.get(r.nextInt(segments.size())));
            }
            case 10 -> {
                return new Condition.Not(randomCondition(r, tags, segments, depth - 1));
            }
            default -> {
                List<Condition> children = new ArrayList<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    children.add(randomCondition(r, tags, segments, depth - 1));
                }
                return pick == 11 ? new Condition.And(children) : new Condition.Or(children);
            }
        }
    }

    static Condition randomAttribute(Random r) {
        Operator op = Operator.values()[r.nextInt(Operator.values().length)];
        String[] names = {"gender", "region", "age", "score", "vip", "code", "missing"};
        String name = names[r.nextInt(names.length)];
        Supplier<Object> value = switch (name) {
            case "gender" -> () -> GENDERS[r.nextInt(GENDERS.length)];
            case "region" -> () -> REGIONS[r.nextInt(REGIONS.length)];
            case "age" -> () -> new BigDecimal(16 + r.nextInt(60));
            case "score" -> () -> new BigDecimal(r.nextInt(10000)).movePointLeft(2);
            case "vip" -> r::nextBoolean;
            case "code" -> () -> r.nextBoolean() ? "10" : "9" + r.nextInt(10);
            default -> () -> "x";
        };
        List<Object> values = new ArrayList<>();
        switch (op) {
            case EXISTS, NOT_EXISTS -> {
            }
            case IN, NOT_IN -> {
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    values.add(value.get());
                }
            }
            case BETWEEN -> {
                values.add(value.get());
                values.add(value.get());
            }
            case CONTAINS, STARTS_WITH -> values.add(name.equals("region") ? REGIONS[r.nextInt(REGIONS.length)].substring(0, 1)
                    : name.equals("code") ? "1" : "e");
            default -> values.add(value.get());
        }
        boolean textOp = op == Operator.CONTAINS || op == Operator.STARTS_WITH;
        if (textOp && (name.equals("age") || name.equals("score") || name.equals("vip"))) {
            return new Condition.Attribute(name, Operator.EXISTS, List.of());
        }
        if (values.stream().anyMatch(v -> v instanceof Boolean) && op.ordinal() >= Operator.GT.ordinal()
                && op != Operator.IN && op != Operator.NOT_IN && op != Operator.EXISTS && op != Operator.NOT_EXISTS) {
            return new Condition.Attribute(name, Operator.EQ, List.of(values.get(0)));
        }
        if (op == Operator.BETWEEN && values.get(0).getClass() != values.get(1).getClass()) {
            return new Condition.Attribute(name, Operator.EXISTS, List.of());
        }
        return new Condition.Attribute(name, op, values);
    }
}
