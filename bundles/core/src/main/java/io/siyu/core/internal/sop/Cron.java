package io.siyu.core.internal.sop;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A Quartz-style cron expression: seconds, minutes, hours, day of month, month, day of week and an
 * optional year, each {@code *}, {@code ?}, a value, a range {@code a-b}, a step {@code a/n},
 * {@code *}{@code /n} or {@code a-b/n}, or a comma list of those. Months may be JAN-DEC, days of the
 * week SUN-SAT or 1-7 with 1 = Sunday, as in Quartz. At most one of day of month and day of week
 * may be restricted; the other is {@code ?} or {@code *}. {@code L}, {@code W} and {@code #} are
 * not supported. Times are wall-clock times in a zone; a time skipped by a DST change fires at the
 * shifted time, one repeated fires once.
 */
final class Cron {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far ahead to look for a firing before calling the expression impossible (e.g. 30 February). */
    private static final int MAX_YEARS = 8;

    private final String text;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private Cron(String text, String[] f) {
        this.text = text;
        seconds = field(f[0], 0, 59, null, "seconds");
        minutes = field(f[1], 0, 59, null, "minutes");
        hours = field(f[2], 0, 23, null, "hours");
        daysOfMonth = field(f[3], 1, 31, null, "day of month");
        months = field(f[4], 1, 12, MONTHS, "month");
        daysOfWeek = field(f[5], 1, 7, DAYS, "day of week");
        years = f.length == 7 ? field(f[6], 1970, 2199, null, "year") : null;
        anyDayOfMonth = f[3].equals("*") || f[3].equals("?");
        anyDayOfWeek = f[5].equals("*") || f[5].equals("?");
        if (!anyDayOfMonth && !anyDayOfWeek) {
            throw invalid("give day of month or day of week, and ? for the other");
        }
    }

    /** @throws ValidationException on the field {@code cron} */
    static Cron parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException(FieldError.of("cron", "is required, e.g. \"0 0 9 ? * MON\""));
        }
        String[] fields = text.strip().toUpperCase(Locale.ROOT).split("\\s+");
        if (fields.length != 6 && fields.length != 7) {
            throw new ValidationException(FieldError.of("cron", "has " + fields.length
                    + " fields; a Quartz cron has 6 or 7: seconds minutes hours day-of-month month day-of-week [year]"));
        }
        return new Cron(text.strip(), fields);
    }

    /** The first firing strictly after {@code after}, or null if there is none within eight years. */
    Instant next(Instant after, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        int lastYear = t.getYear() + MAX_YEARS;
        while (t.getYear() <= lastYear) {
            if (years != null && !years.get(t.getYear())) {
                t = LocalDate.of(t.getYear() + 1, 1, 1).atStartOfDay();
            } else if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                Instant fire = ZonedDateTime.ofLocal(t, zone, null).toInstant();
                if (fire.isAfter(after)) {
                    return fire;
                }
                t = t.plusSeconds(1); // the second pass through a repeated (DST) hour
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDate d) {
        int quartzDay = d.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : d.getDayOfWeek().getValue() + 1;
        return (anyDayOfMonth || daysOfMonth.get(d.getDayOfMonth())) && (anyDayOfWeek || daysOfWeek.get(quartzDay));
    }

    private BitSet field(String spec, int min, int max, List<String> names, String name) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",", -1)) {
            if (part.isEmpty()) {
                throw invalid(name + ": empty list item in \"" + spec + "\"");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, null, name);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                if (range.equals("?") && !name.startsWith("day of")) {
                    throw invalid(name + ": ? is only for day of month or day of week");
                }
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw invalid(name + ": \"" + part + "\" is not a range");
                }
                from = number(ends[0], min, max, names, name);
                to = number(ends[1], min, max, names, name);
                if (from > to) {
                    throw invalid(name + ": range " + part + " runs backwards");
                }
            } else {
                from = number(range, min, max, names, name);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private int number(String s, int min, int max, List<String> names, String name) {
        if (names != null && names.contains(s)) {
            return names.indexOf(s) + 1;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw invalid(name + ": " + v + " is outside " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(name + ": \"" + s + "\" is not a number" + (names == null ? "" : " or a name like " + names.get(0)));
        }
    }

    private ValidationException invalid(String message) {
        return new ValidationException(FieldError.of("cron", "\"" + text + "\": " + message));
    }

    @Override
    public String toString() {
        return text;
    }
}
