package io.siyu.api.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follower and article-read figures of an official account per day, as stored by the daily collection.
 * The figures add up by construction: {@code net = newFollows - unfollows}; new follows per source sum to
 * {@code newFollows}; reads per source sum to {@code reads}. Where the provider's own figures disagree
 * (its cumulated followers against the previous day plus net growth, its all-source reads against the
 * sum of the sources) they are kept as given and the day names the problem.
 *
 * @param days the collected days of the period, oldest first
 * @param missing days of the period not collected (yet)
 * @since 1.1
 */
public record AudienceReport(String account, LocalDate from, LocalDate to, List<Day> days, List<LocalDate> missing,
        Totals totals) {
    public AudienceReport {
        Objects.requireNonNull(account, "account");
        days = List.copyOf(days);
        missing = List.copyOf(missing);
        Objects.requireNonNull(totals, "totals");
    }

    /**
     * @param followers followers at the end of the day (provider's {@code cumulate_user}), null if not reported
     * @param newBySource new follows per follow source name; sums to {@code newFollows}
     * @param unfollowsBySource unfollows per follow source name; sums to {@code unfollows}
     * @param readsBySource article page reads per read source name; sums to {@code reads}
     * @param providerReads the provider's all-source reads (99999999), null if not reported
     * @param problems disagreements among the provider's figures
     */
    public record Day(LocalDate day, long newFollows, long unfollows, long net, Long followers,
            Map<String, Long> newBySource, Map<String, Long> unfollowsBySource, long reads,
            Map<String, Long> readsBySource, Long providerReads, List<String> problems) {
        public Day {
            Objects.requireNonNull(day, "day");
            newBySource = sorted(newBySource);
            unfollowsBySource = sorted(unfollowsBySource);
            readsBySource = sorted(readsBySource);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Over the collected days: sums, and the followers at the end of the first and last collected day.
     */
    public record Totals(long newFollows, long unfollows, long net, Long firstFollowers, Long lastFollowers,
            long reads, Map<String, Long> readsBySource, Map<String, Long> newBySource) {
        public Totals {
            readsBySource = sorted(readsBySource);
            newBySource = sorted(newBySource);
        }
    }

    /** Source maps are read-only and ordered by name, so answers list sources the same way every time. */
    private static Map<String, Long> sorted(Map<String, Long> m) {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(m));
    }
}
