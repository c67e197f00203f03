package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.event.EventDraft;
import io.siyu.api.org.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An edition's attribute fed from events (retail's points balance from {@code points.changed}) is
 * the newest event's value, whatever order the events arrive in, and a value of the wrong type
 * leaves it alone.
 */
class AttributeFeedsTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    static final EditionAttributes RETAIL = new EditionAttributes() {
        @Override
        public List<AttributeDefinition> definitions() {
            return List.of(new AttributeDefinition("memberPoints", "会员积分", AttributeType.INTEGER, null, null,
                    AttributeOrigin.edition("retail")));
        }

        @Override
        public List<AttributeFeed> feeds() {
            return List.of(new AttributeFeed("memberPoints", "points.changed", "balance"));
        }
    };

    static EventDraft points(String id, String at, Object balance, long customer) {
        return new EventDraft(id, "points.changed", Instant.parse(at), "mall", customer, null,
                Map.of("delta", 10, "balance", balance), List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theBalanceIsTheNewestEventsWhateverOrderTheyArriveIn(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            CoreFixture core = new CoreFixture(ts, new MutableClock(NOW), RETAIL);
            core.addReaction(new AttributeFeeds(ts.store, core.customers, RETAIL));
            long c = core.customers.create(Caller.SYSTEM, new CustomerDraft("会员", null, null, Map.of())).id();

            core.events.ingest(Caller.SYSTEM, List.of(points("p1", "2026-11-20T02:00:00Z", 100, c)));
            assertEquals(100L, core.customers.get(Caller.SYSTEM, c).attributes().get("memberPoints"));
            core.events.ingest(Caller.SYSTEM, List.of(points("p3", "2026-11-22T02:00:00Z", 80, c)));
            core.events.ingest(Caller.SYSTEM, List.of(points("p2", "2026-11-21T02:00:00Z", 150, c)));
            assertEquals(80L, core.customers.get(Caller.SYSTEM, c).attributes().get("memberPoints"),
                    "a late event older than the newest does not win");

            core.events.ingest(Caller.SYSTEM, List.of(points("p4", "2026-11-23T01:00:00Z", "lots", c)));
            assertEquals(80L, core.customers.get(Caller.SYSTEM, c).attributes().get("memberPoints"),
                    "a balance that is no whole number is refused by the attribute's type");
            core.events.ingest(Caller.SYSTEM, List.of(points("p5", "2026-11-23T01:30:00Z", 230, c)));
            assertEquals(230L, core.customers.get(Caller.SYSTEM, c).attributes().get("memberPoints"));
        }
    }
}
