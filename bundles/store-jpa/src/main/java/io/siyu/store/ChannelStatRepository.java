package io.siyu.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-day figures of channel accounts as providers compute them (schema 20), and the follow events
 * per minute of one channel account. A day is stored whole: pulling it again replaces it.
 */
public interface ChannelStatRepository {
    /** One figure: {@code dim} is "" for the whole account, else a group owner or source. */
    record Row(String metric, String dim, long value) {
    }

    /** A stored day; {@code problems} null when the provider's figures agreed. */
    record StoredDay(LocalDate day, Instant collectedAt, String problems, List<Row> rows) {
        public StoredDay {
            rows = List.copyOf(rows);
        }
    }

    /** Replaces the day's figures and marks it collected, in one transaction. */
    void replaceDay(String channelType, String account, LocalDate day, List<Row> rows, String problems, Instant at);

    /**
     * The collected days of {@code [from, to]}, oldest first.
     *
     * @param dims only rows with one of these dims; null for all
     */
    List<StoredDay> days(String channelType, String account, LocalDate from, LocalDate to, Set<String> dims);

    /** The collected days of {@code [from, to]}. */
    Set<LocalDate> collectedDays(String channelType, String account, LocalDate from, LocalDate to);

    /** The distinct dims starting with {@code prefix} of {@code [from, to]}, sorted. */
    List<String> dims(String channelType, String account, LocalDate from, LocalDate to, String prefix);

    /** Accounts of the type with any day stored, sorted. */
    List<String> accounts(String channelType);

    /**
     * Follow and unfollow events on {@code channel} (a channel key) per minute of
     * {@code [from, from + minutes)}.
     *
     * @return per event type, an array of {@code minutes} counts (a type without events is absent)
     */
    Map<String, long[]> followsPerMinute(String channel, Instant from, int minutes);
}
