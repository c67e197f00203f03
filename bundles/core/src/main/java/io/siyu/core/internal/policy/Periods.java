package io.siyu.core.internal.policy;

import io.siyu.api.policy.PolicySettings.Period;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** Calendar periods and quiet hours in a zone: what "1 a day" and "21:00 to 08:00" mean. */
public final class Periods {
    private Periods() {
    }

    /** [start, end) of the day, week (Monday first) or month containing {@code at} in {@code zone}. */
    static Instant[] containing(Instant at, Period period, ZoneId zone) {
        LocalDate day = at.atZone(zone).toLocalDate();
        LocalDate start = switch (period) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        LocalDate end = switch (period) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
        return new Instant[] {start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant()};
    }

    /**
     * When the quiet hours around {@code at} end in {@code zone}, or null when {@code at} is not in
     * them. Quiet hours may run over midnight (21:00 to 08:00).
     */
    public static Instant quietUntil(Instant at, LocalTime from, LocalTime until, ZoneId zone) {
        if (from.equals(until)) {
            return null;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        boolean overMidnight = from.isAfter(until);
        boolean quiet = overMidnight ? !t.isBefore(from) || t.isBefore(until) : !t.isBefore(from) && t.isBefore(until);
        if (!quiet) {
            return null;
        }
        LocalDate endDay = overMidnight && !t.isBefore(from) ? local.toLocalDate().plusDays(1) : local.toLocalDate();
        return ZonedDateTime.of(LocalDateTime.of(endDay, until), zone).toInstant();
    }
}
