package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventServiceImplTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    final TestStores stores = new TestStores();
    final EventServiceImpl events = new EventServiceImpl(stores.store, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        stores.close();
    }

    private static EventDraft byPhone(String id, String type, Instant at, String phone, Map<String, Object> properties) {
        return EventDraft.forIdentity(id, type, at, "store", ChannelIdentity.of(IdentityType.PHONE, phone), properties);
    }

    @Test
    void phonesWrittenDifferentlyReachTheSameNewCustomerAndPropertiesRoundTrip() {
        IngestResult r = events.ingest(Caller.SYSTEM, List.of(
                byPhone("o1", "order", NOW.minusSeconds(60), "138 0013 8000", Map.of("amount", new BigDecimal("99.90"), "items", List.of("a", "b"))),
                byPhone("v1", "store.visit", NOW.minusSeconds(30), "+86 13800138000", null)));
        assertEquals(2, r.accepted());
        assertEquals(1, r.createdCustomers());
        long id = stores.store.customers().findIdByIdentity(ChannelIdentity.of(IdentityType.PHONE, "+8613800138000")).orElseThrow();
        List<CustomerEvent> timeline = events.timeline(Caller.SYSTEM, id, PageRequest.first(10)).items();
        assertEquals(List.of("v1", "o1"), timeline.stream().map(CustomerEvent::id).toList());
        assertEquals("store", timeline.get(0).channel());
        assertEquals(Map.of("amount", new BigDecimal("99.90"), "items", List.of("a", "b")), timeline.get(1).properties());
    }

    @Test
    void everyBadItemIsNamedAndNothingIsStored() {
        IngestResult r = events.ingest(Caller.SYSTEM, List.of(
                byPhone("ok", "order", NOW, "13800138000", null),
                byPhone("", "Not A Type", NOW.plusSeconds(3 * 86_400), "12", null),
                new EventDraft("x", "order", NOW, null, 1L, ChannelIdentity.of(IdentityType.PHONE, "13800138000"), null)));
        assertEquals(List.of("events[1].id", "events[1].type", "events[1].occurredAt", "events[1].identity.value",
                "events[2].customer"), r.errors().stream().map(FieldError::field).toList());
        assertEquals(0, stores.store.events().count());
        assertEquals(0, stores.store.customers().count());
    }

    @Test
    void emptyAndOversizeBatchesAreRefused() {
        assertThrows(ValidationException.class, () -> events.ingest(Caller.SYSTEM, List.of()));
        List<EventDraft> tooMany = new ArrayList<>();
        for (int i = 0; i <= EventService.MAX_BATCH; i++) {
            tooMany.add(byPhone("e" + i, "order", NOW, "13800138000", null));
        }
        ValidationException e = assertThrows(ValidationException.class, () -> events.ingest(Caller.SYSTEM, tooMany));
        assertTrue(e.getMessage().contains("at most 10000"), e.getMessage());
    }

    @Test
    void timelineOfAnUnknownCustomerIsNotFound() {
        assertThrows(NotFoundException.class, () -> events.timeline(Caller.SYSTEM, 424242, PageRequest.first(10)));
    }
}
