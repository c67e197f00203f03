package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** COPY's text form of a TIMESTAMP: what PostgreSQL parses back to the same wall-clock time. */
class PgCopyTimestampTest {
    private static String text(LocalDateTime t) {
        StringBuilder out = new StringBuilder();
        PgCopy.timestamp(out, t);
        return out.toString();
    }

    @Test
    void fieldsArePaddedToTheirWidthAndNanosecondsCutToMicroseconds() {
        assertEquals("2026-11-24 08:05:09.000007", text(LocalDateTime.of(2026, 11, 24, 8, 5, 9, 7_999)));
        assertEquals("0005-01-01 00:00:00.000000", text(LocalDateTime.of(5, 1, 1, 0, 0)));
        assertEquals("2026-12-31 23:59:59.999999", text(LocalDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_999)));
    }

    @Test
    void yearsBeforeOneAreWrittenAsBc() {
        assertEquals("0001-03-01 12:00:00.000000 BC", text(LocalDateTime.of(0, 3, 1, 12, 0)));
        assertEquals("0044-03-15 00:00:00.000000 BC", text(LocalDateTime.of(-43, 3, 15, 0, 0)));
    }
}
