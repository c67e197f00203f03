package io.siyu.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRecordsTest {
    private static final Instant T = Instant.parse("2025-03-01T08:00:00Z");

    @Test
    void wellFormedDraftHasNoProblems() {
        EventDraft d = EventDraft.forIdentity("e1", EventTypes.ORDER, T, "store",
                ChannelIdentity.of(IdentityType.PHONE, "+8613800138000"), Map.of(EventTypes.AMOUNT, 199));
        assertTrue(d.problems("events[0]").isEmpty());
    }

    @Test
    void problemsNameEveryBadFieldUnderTheItemPath() {
        EventDraft d = new EventDraft(" ", null, null, null, null, null, null);
        List<FieldError> errors = d.problems("events[7]");
        assertEquals(List.of("events[7].id", "events[7].type", "events[7].occurredAt", "events[7].customer"),
                errors.stream().map(FieldError::field).toList());
    }

    @Test
    void customerIsNamedOneWayOnly() {
        EventDraft both = new EventDraft("e1", EventTypes.LINK_CLICK, T, null, 42L,
                ChannelIdentity.of(IdentityType.VISITOR, "v-1"), null);
        assertEquals("events[0].customer", both.problems("events[0]").get(0).field());
    }

    @Test
    void nullPropertyValuesAreDropped() {
        Map<String, Object> props = new HashMap<>();
        props.put(EventTypes.URL, "https://example.com");
        props.put(EventTypes.SHARER, null);
        EventDraft d = EventDraft.forCustomer("e1", EventTypes.LINK_CLICK, T, 42L, props);
        assertEquals(Map.of(EventTypes.URL, "https://example.com"), d.properties());
    }

    @Test
    void aBatchWithErrorsStoresNothing() {
        List<FieldError> errors = List.of(FieldError.of("events[3].type", "unknown"));
        assertThrows(IllegalArgumentException.class, () -> new IngestResult(5, 0, 0, errors));
        IngestResult rejected = IngestResult.rejected(errors);
        assertFalse(rejected.ok());
        assertThrows(IllegalArgumentException.class, () -> IngestResult.rejected(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new IngestResult(1, 0, 2, null));
        assertTrue(new IngestResult(10, 2, 3, null).ok());
    }
}
