package io.siyu.core.internal.sop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ValidationException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant next(String cron, String after, ZoneId zone) {
        return Cron.parse(cron).next(Instant.parse(after), zone);
    }

    @Test
    void everyDayAtNineIsNineInTheZone() {
        assertEquals(Instant.parse("2026-11-24T01:00:00Z"), next("0 0 9 * * ?", "2026-11-23T02:00:00Z", SHANGHAI));
        assertEquals(Instant.parse("2026-11-23T01:00:00Z"), next("0 0 9 * * ?", "2026-11-23T00:59:59Z", SHANGHAI));
        assertEquals(Instant.parse("2026-11-24T01:00:00Z"), next("0 0 9 * * ?", "2026-11-23T01:00:00Z", SHANGHAI),
                "strictly after");
    }

    @Test
    void listsRangesStepsAndNames() {
        // Mondays and Fridays at 08:30 (Quartz: 2 = MON, 6 = FRI); 2026-11-23 is a Monday
        assertEquals(Instant.parse("2026-11-27T00:30:00Z"), next("0 30 8 ? * MON,FRI", "2026-11-23T01:00:00Z", SHANGHAI));
        assertEquals(Instant.parse("2026-11-27T00:30:00Z"), next("0 30 8 ? * 2,6", "2026-11-23T01:00:00Z", SHANGHAI));
        assertEquals(Instant.parse("2026-11-23T02:15:00Z"), next("0 */15 * * * ?", "2026-11-23T02:00:00Z", SHANGHAI));
        assertEquals(Instant.parse("2026-11-23T02:00:20Z"), next("10-30/10 * * * * ?", "2026-11-23T02:00:10Z", SHANGHAI));
        assertEquals(Instant.parse("2027-01-01T01:00:00Z"), next("0 0 9 1 JAN ?", "2026-11-23T02:00:00Z", SHANGHAI));
        assertEquals(Instant.parse("2028-02-29T01:00:00Z"), next("0 0 9 29 2 ?", "2026-11-23T02:00:00Z", SHANGHAI));
        assertEquals(Instant.parse("2027-06-01T01:00:00Z"), next("0 0 9 1 6 ? 2027", "2026-11-23T02:00:00Z", SHANGHAI));
    }

    @Test
    void daylightSavingGapsShiftAndRepeatsFireOnce() {
        // 2027-03-14 02:30 does not exist in New York: it fires at 03:30 EDT
        assertEquals(Instant.parse("2027-03-14T07:30:00Z"), next("0 30 2 14 3 ?", "2027-03-01T00:00:00Z", NEW_YORK));
        // 2026-11-01 01:30 happens twice: once
        Instant first = next("0 30 1 * * ?", "2026-11-01T04:00:00Z", NEW_YORK);
        assertEquals(Instant.parse("2026-11-01T05:30:00Z"), first);
        assertEquals(Instant.parse("2026-11-02T06:30:00Z"), next("0 30 1 * * ?", first.toString(), NEW_YORK));
    }

    @Test
    void impossibleAndMalformedExpressionsAreRefusedOrNeverFire() {
        assertNull(next("0 0 9 30 2 ?", "2026-11-23T02:00:00Z", SHANGHAI));
        for (String bad : new String[] {"0 0 25 * * ?", "* * *", "0 0 9 1 * MON", "0 0 9 ? * FUNDAY", "0 0 9 5-1 * ?",
                "0 0 ? * * *", "0 0 9 * * ?,"}) {
            ValidationException e = assertThrows(ValidationException.class, () -> Cron.parse(bad), bad);
            assertEquals("cron", e.errors().get(0).field());
            assertTrue(e.errors().get(0).message().length() > 5);
        }
    }
}
