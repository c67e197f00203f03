package io.siyu.core.internal.analytics;

import io.siyu.api.analytics.AudienceReport;
import io.siyu.api.channel.AudienceStatistics;
import io.siyu.core.internal.analytics.ChannelStatisticsImpl.Pulled;
import io.siyu.store.ChannelStatRepository.Row;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An official account's figures as rows: new follows and unfollows per follow source (dim = the
 * source code), followers at the end of the day (dim ""), article reads, readers and shares per read
 * source (dim = the source code, {@value AudienceStatistics#ALL_SOURCES} for the provider's all-source
 * row). Net growth is not stored: it is always {@code newFollows - unfollows}. The checks: followers
 * against the previous day's plus net growth, all-source reads against the sum of the sources.
 */
final class AudienceFigures {
    static final String NEW = "newFollows";
    static final String CANCEL = "unfollows";
    static final String FOLLOWERS = "followers";
    static final String READS = "reads";
    static final String READ_USERS = "readUsers";
    static final String SHARES = "shares";
    private static final String ALL = Integer.toString(AudienceStatistics.ALL_SOURCES);

    private AudienceFigures() {
    }

    /** @param followersBefore followers at the end of the day before {@code first}, if known */
    static List<Pulled> pull(AudienceStatistics facet, LocalDate first, LocalDate last, Long followersBefore) {
        Map<LocalDate, List<Row>> rows = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            rows.put(d, new ArrayList<>());
        }
        for (AudienceStatistics.FollowDay f : facet.follows(first, last)) {
            List<Row> day = rows.get(f.day());
            if (day != null) {
                add(day, NEW, Integer.toString(f.source()), f.newUsers());
                add(day, CANCEL, Integer.toString(f.source()), f.cancelUsers());
            }
        }
        for (AudienceStatistics.CumulateDay c : facet.cumulate(first, last)) {
            List<Row> day = rows.get(c.day());
            if (day != null) {
                add(day, FOLLOWERS, "", c.followers());
            }
        }
        for (AudienceStatistics.ReadDay r : facet.reads(first, last)) {
            List<Row> day = rows.get(r.day());
            if (day != null) {
                String source = Integer.toString(r.source());
                add(day, READS, source, r.reads());
                add(day, READ_USERS, source, r.readUsers());
                add(day, SHARES, source, r.shares());
            }
        }
        List<Pulled> pulled = new ArrayList<>();
        Long previous = followersBefore;
        for (Map.Entry<LocalDate, List<Row>> e : rows.entrySet()) {
            List<Row> dayRows = merged(e.getValue());
            AudienceReport.Day day = day(e.getKey(), dayRows, List.of());
            List<String> problems = new ArrayList<>();
            if (day.followers() == null) {
                problems.add("the provider reported no follower total for the day");
            } else if (previous != null && day.followers() != previous + day.net()) {
                problems.add("followers " + day.followers() + " are not the previous day's " + previous + " plus net "
                        + day.net());
            }
            if (day.providerReads() != null && day.providerReads() != day.reads()) {
                problems.add("reads of all sources " + day.providerReads() + " are not the sum of the sources " + day.reads());
            }
            previous = day.followers();
            pulled.add(new Pulled(e.getKey(), dayRows, problems));
        }
        return pulled;
    }

    private static void add(List<Row> rows, String metric, String dim, long value) {
        rows.add(new Row(metric, dim, value));
    }

    /** The provider may list a source twice for a day (split calls); one row per key, summed. */
    private static List<Row> merged(List<Row> rows) {
        Map<String, Row> byKey = new TreeMap<>();
        for (Row r : rows) {
            byKey.merge(r.metric() + "\u0000" + r.dim(), r, (a, b) -> new Row(a.metric(), a.dim(), a.value() + b.value()));
        }
        return new ArrayList<>(byKey.values());
    }

    static AudienceReport.Day day(LocalDate date, List<Row> rows, List<String> problems) {
        Map<String, Long> newBySource = new TreeMap<>();
        Map<String, Long> cancelBySource = new TreeMap<>();
        Map<String, Long> readsBySource = new TreeMap<>();
        long in = 0;
        long out = 0;
        long reads = 0;
        Long followers = null;
        Long providerReads = null;
        for (Row r : rows) {
            switch (r.metric()) {
                case NEW -> {
                    in += r.value();
                    newBySource.merge(AudienceStatistics.followSourceName(Integer.parseInt(r.dim())), r.value(), Long::sum);
                }
                case CANCEL -> {
                    out += r.value();
                    cancelBySource.merge(AudienceStatistics.followSourceName(Integer.parseInt(r.dim())), r.value(),
                            Long::sum);
                }
                case FOLLOWERS -> followers = r.value();
                case READS -> {
                    if (r.dim().equals(ALL)) {
                        providerReads = r.value();
                    } else {
                        reads += r.value();
                        readsBySource.merge(AudienceStatistics.readSourceName(Integer.parseInt(r.dim())), r.value(),
                                Long::sum);
                    }
                }
                default -> {
                    // readers and shares are stored for later use; the report shows reads
                }
            }
        }
        return new AudienceReport.Day(date, in, out, in - out, followers, newBySource, cancelBySource, reads,
                readsBySource, providerReads, problems);
    }

    static AudienceReport.Totals totals(List<AudienceReport.Day> days) {
        long in = 0;
        long out = 0;
        long reads = 0;
        Map<String, Long> readsBySource = new TreeMap<>();
        Map<String, Long> newBySource = new TreeMap<>();
        Long first = days.isEmpty() ? null : days.get(0).followers();
        Long last = null;
        for (AudienceReport.Day d : days) {
            in += d.newFollows();
            out += d.unfollows();
            reads += d.reads();
            d.readsBySource().forEach((k, v) -> readsBySource.merge(k, v, Long::sum));
            d.newBySource().forEach((k, v) -> newBySource.merge(k, v, Long::sum));
            last = d.followers();
        }
        return new AudienceReport.Totals(in, out, in - out, first, last, reads, readsBySource, newBySource);
    }
}
