package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ValidationException;
import io.siyu.api.customer.Customer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsResourceTest {
    private static Customer created(long id, String at, Map<String, Object> attributes) {
        Instant t = Instant.parse(at);
        return new Customer(id, "c" + id, List.of(), List.of(), attributes, t, t, 1);
    }

    @Test
    void newCustomersAreCountedOnTheBrandsCalendarDayNotUtc() {
        AnalyticsResource.NewestScan scan = new AnalyticsResource.NewestScan();
        Instant since = Instant.parse("2026-03-01T16:00:00Z"); // 2026-03-02 00:00 in Shanghai
        scan.add(created(1, "2026-03-01T15:59:59Z", Map.of()), since); // 23:59:59 on 1 March there: before the period
        scan.add(created(2, "2026-03-01T16:00:00Z", Map.of()), since);
        scan.add(created(3, "2026-03-02T15:30:00Z", Map.of()), since); // 23:30 on 2 March in Shanghai, UTC says 2 March too
        scan.add(created(4, "2026-03-02T16:30:00Z", Map.of()), since); // 00:30 on 3 March in Shanghai, UTC still says 2 March
        assertEquals(Map.of(LocalDate.parse("2026-03-02"), 2L, LocalDate.parse("2026-03-03"), 1L),
                scan.createdPerDay(ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void sourceChannelValuesAreCollectedOnceAndBlankOnesIgnored() {
        AnalyticsResource.NewestScan scan = new AnalyticsResource.NewestScan();
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        scan.add(created(1, "2026-03-01T00:00:00Z", Map.of("sourceChannel", "live-stream")), since);
        scan.add(created(2, "2025-03-01T00:00:00Z", Map.of("sourceChannel", "package-card")), since);
        scan.add(created(3, "2026-03-01T00:00:00Z", Map.of("sourceChannel", "live-stream")), since);
        scan.add(created(4, "2026-03-01T00:00:00Z", Map.of("sourceChannel", " ")), since);
        scan.add(created(5, "2026-03-01T00:00:00Z", Map.of("region", "上海")), since);
        assertEquals(List.of("live-stream", "package-card"), List.copyOf(scan.sourceChannels));
        assertEquals(4, scan.createdSince.size());
    }

    @Test
    void aPeriodOutsideOneToNinetyDaysNamesTheParameter() {
        AnalyticsResource resource = new AnalyticsResource(new ServiceAccess());
        assertEquals("days", assertThrows(ValidationException.class, () -> resource.customers(0, null))
                .errors().get(0).field());
        assertEquals("days", assertThrows(ValidationException.class, () -> resource.customers(91, null))
                .errors().get(0).field());
    }
}
