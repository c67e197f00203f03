package io.siyu.rest.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * A period of whole calendar days in the brand's time zone, {@code first} to {@code last} inclusive:
 * either the last {@code days} days up to today, or {@code from}..{@code to} as ISO dates.
 */
record Period(LocalDate first, LocalDate last, ZoneId zone) {
    /** Reports may span a year (and a day, for leap years). */
    static final int MAX_DAYS = 366;

    static Period of(Integer days, String from, String to, ZoneId zone, Instant now, int maxDays) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (from == null && to == null) {
            int d = days == null ? 30 : days;
            if (d < 1 || d > maxDays) {
                throw new ValidationException(FieldError.of("days", "must be between 1 and " + maxDays));
            }
            return new Period(today.minusDays(d - 1L), today, zone);
        }
        List<FieldError> errors = new ArrayList<>();
        LocalDate f = date(from, "from", errors);
        LocalDate t = to == null ? today : date(to, "to", errors);
        if (errors.isEmpty()) {
            if (t.isBefore(f)) {
                errors.add(FieldError.of("to", "must not be before from"));
            } else if (f.plusDays(maxDays).isBefore(t.plusDays(1))) {
                errors.add(FieldError.of("to", "a period spans at most " + maxDays + " days"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Period(f, t, zone);
    }

    /** A YYYY-MM-DD date, or null with the problem added to {@code errors} naming {@code field}. */
    static LocalDate date(String text, String field, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(FieldError.of(field, "is required (YYYY-MM-DD)"));
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(FieldError.of(field, "is not a date (YYYY-MM-DD): " + text));
            return null;
        }
    }

    int days() {
        return (int) (last.toEpochDay() - first.toEpochDay() + 1);
    }

    Instant start() {
        return first.atStartOfDay(zone).toInstant();
    }

    /** The end of the last day; a period ending today ends at midnight tonight. */
    Instant end() {
        return last.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * Bucket starts for {@code unit} day, week (Monday) or month covering the period, then the end:
     * the first bucket starts at the start of the week or month holding the first day.
     */
    List<LocalDate> starts(String unit) {
        LocalDate s = switch (unit) {
            case "week" -> first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> first.withDayOfMonth(1);
            default -> first;
        };
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = s; !d.isAfter(last); d = next(d, unit)) {
            out.add(d);
        }
        return out;
    }

    List<Instant> boundaries(String unit) {
        List<LocalDate> starts = starts(unit);
        List<Instant> out = new ArrayList<>();
        starts.forEach(d -> out.add(d.atStartOfDay(zone).toInstant()));
        out.add(next(starts.get(starts.size() - 1), unit).atStartOfDay(zone).toInstant());
        return out;
    }

    private static LocalDate next(LocalDate d, String unit) {
        return switch (unit) {
            case "week" -> d.plusWeeks(1);
            case "month" -> d.plusMonths(1);
            default -> d.plusDays(1);
        };
    }
}
