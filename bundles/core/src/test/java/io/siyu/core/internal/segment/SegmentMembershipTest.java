package io.siyu.core.internal.segment;

import io.siyu.core.internal.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.core.internal.TestStores;
import io.siyu.store.NewEvent;
import io.siyu.store.StoredEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentMembershipTest {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    TestStores stores;
    MutableClock clock = new MutableClock(T0);
    SegmentServiceImpl segments;
    Tag vip;

    @BeforeEach
    void setUp() {
        stores = TestStores.derbyStore();
        vip = stores.store.tags().insert(new TagDraft("level", "vip", null), T0);
        segments = new SegmentServiceImpl(stores.store, SegmentOracleTest.schema(stores.store), clock, false);
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    private List<String> segmentEvents(long customerId) {
        return stores.store.events().timeline(customerId, new PageRequest(0, 100)).items().stream()
                .map(StoredEvent::type).filter(t -> t.startsWith("segment.")).toList();
    }

    @Test
    void customersWhoStartMatchingEnterAndThoseWhoStopLeaveEachAnnouncedOnce() {
        Customer before = stores.store.customers().insert(new CustomerDraft("already vip", null, Set.of(vip.id()), null), T0);
        SegmentDefinition s = segments.define(Caller.SYSTEM, new SegmentDraft("VIPs", null,
                Condition.tags(Condition.TagMatch.ANY, vip.id())));
        segments.tick();
        assertEquals(List.of(), segmentEvents(before.id()), "members at definition time did not enter anything");

        Customer c = stores.store.customers().insert(new CustomerDraft("new", null, Set.of(), null), T0);
        stores.store.customers().update(c.id(), new CustomerDraft("new", null, Set.of(vip.id()), null), null, T0);
        segments.tick();
        segments.tick();
        assertEquals(List.of(EventTypes.SEGMENT_ENTERED), segmentEvents(c.id()));

        stores.store.customers().update(c.id(), new CustomerDraft("new", null, Set.of(), null), null, T0);
        segments.tick();
        assertEquals(List.of(EventTypes.SEGMENT_LEFT, EventTypes.SEGMENT_ENTERED), segmentEvents(c.id()));
        assertEquals(1, segments.count(Caller.SYSTEM, s.condition()));
    }

    @Test
    void timeAloneMovesCustomersOutOfWindowedSegments() {
        Customer c = stores.store.customers().insert(new CustomerDraft("buyer", null, null, null), T0);
        stores.store.events().ingest(List.of(new NewEvent("o1", EventTypes.ORDER, T0.minus(Duration.ofDays(29)), "shop",
                c.id(), null, "{}", List.of(), new BigDecimal("10.0000"))), T0);
        SegmentDefinition s = segments.define(Caller.SYSTEM, new SegmentDraft("bought in 30 days", null,
                new Condition.EventCount(EventTypes.ORDER, 1, 30)));
        assertEquals(1, segments.count(Caller.SYSTEM, s.condition()));
        segments.tick();

        clock.advance(Duration.ofDays(2));
        segments.tick(); // a full pass: the window moved past the order
        assertEquals(0, segments.count(Caller.SYSTEM, s.condition()));
        assertEquals(List.of(EventTypes.SEGMENT_LEFT), segmentEvents(c.id()));
    }

    @Test
    void definitionsThatWouldLoopOrNameMissingThingsAreRefusedWithThePath() {
        SegmentDefinition a = segments.define(Caller.SYSTEM, new SegmentDraft("a", null, Condition.tags(Condition.TagMatch.ANY, vip.id())));
        SegmentDefinition b = segments.define(Caller.SYSTEM, new SegmentDraft("b", null, new Condition.InSegment(a.id())));
        ValidationException loop = assertThrows(ValidationException.class, () -> segments.update(Caller.SYSTEM, a.id(),
                new SegmentDraft("a", null, Condition.and(new Condition.InSegment(b.id()))), null));
        assertEquals("condition.conditions[0].segmentId", loop.errors().get(0).field());
        ValidationException missing = assertThrows(ValidationException.class, () -> segments.count(Caller.SYSTEM,
                Condition.or(Condition.tags(Condition.TagMatch.ALL, 424242L))));
        assertEquals("condition.conditions[0].tagIds", missing.errors().get(0).field());
        assertThrows(ConflictException.class, () -> segments.delete(Caller.SYSTEM, a.id()), "b still uses a");
        assertThrows(ConflictException.class, () -> segments.define(Caller.SYSTEM, new SegmentDraft("a", null,
                Condition.tags(Condition.TagMatch.ANY, vip.id()))), "names are unique");
        segments.delete(Caller.SYSTEM, b.id());
        segments.delete(Caller.SYSTEM, a.id());
        assertTrue(segments.list(Caller.SYSTEM).isEmpty());
    }

    @Test
    void ordersAndRefundsCarryTheirAmountIntoTotals() {
        Customer c = stores.store.customers().insert(new CustomerDraft("buyer", null, null, null), T0);
        stores.store.events().ingest(List.of(
                new NewEvent("o1", EventTypes.ORDER, T0.minusSeconds(60), "shop", c.id(), null, "{}", List.of(), new BigDecimal("300.5000")),
                new NewEvent("r1", EventTypes.REFUND, T0.minusSeconds(30), "shop", c.id(), null, "{}", List.of(), new BigDecimal("100.0000"))), T0);
        assertEquals(1, segments.count(Caller.SYSTEM, new Condition.TotalAmount(io.siyu.api.segment.Operator.EQ,
                new BigDecimal("200.5"), 0)));
    }
}
