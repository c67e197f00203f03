package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant NOW = Instant.parse("2026-11-22T17:30:00Z"); // 23 November, 01:30 in Shanghai

    @Test
    void theLastDaysEndTodayOnTheBrandsCalendar() {
        Period p = Period.of(7, null, null, SHANGHAI, NOW, 90);
        assertEquals(LocalDate.parse("2026-11-17"), p.first());
        assertEquals(LocalDate.parse("2026-11-23"), p.last());
        assertEquals(Instant.parse("2026-11-16T16:00:00Z"), p.start());
        assertEquals(Instant.parse("2026-11-23T16:00:00Z"), p.end());
        assertEquals(7, p.boundaries("day").size() - 1);
    }

    @Test
    void monthsStartOnTheFirstAndCoverThePeriod() {
        Period p = Period.of(null, "2026-01-15", "2026-03-02", SHANGHAI, NOW, 366);
        assertEquals(List.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-01"), LocalDate.parse("2026-03-01")),
                p.starts("month"));
        assertEquals(Instant.parse("2026-03-31T16:00:00Z"), p.boundaries("month").get(3));
    }

    @Test
    void badPeriodsNameTheirFields() {
        assertEquals("days", field(() -> Period.of(0, null, null, SHANGHAI, NOW, 90)));
        assertEquals("from", field(() -> Period.of(null, "yesterday", null, SHANGHAI, NOW, 90)));
        assertEquals("to", field(() -> Period.of(null, "2026-11-20", "2026-11-19", SHANGHAI, NOW, 90)));
        assertEquals("to", field(() -> Period.of(null, "2025-01-01", "2026-11-19", SHANGHAI, NOW, 366)));
        assertEquals(366, Period.of(null, "2024-01-01", "2024-12-31", SHANGHAI, NOW, 366).days(), "a leap year fits");
    }

    private static String field(Runnable r) {
        return assertThrows(ValidationException.class, r::run).errors().stream().map(FieldError::field).findFirst()
                .orElseThrow();
    }
}
