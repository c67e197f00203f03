package io.siyu.core.internal.analytics;

import io.siyu.api.channel.GroupChatStatistics;
import io.siyu.api.channel.GroupChatStatistics.Figures;
import io.siyu.core.internal.analytics.ChannelStatisticsImpl.Pulled;
import io.siyu.store.ChannelStatRepository.Row;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A WeCom account's group-chat figures as rows: the whole account (dim "") and each group owner
 * ({@code owner:<userid>}). Each chat has one owner, so the owners' chat, member and message counts
 * add up to the account's; where the provider's two answers disagree the day names it and both stay.
 */
final class GroupChatFigures {
    /** Figures that add up over owners (speaking members need not: one member may speak in two owners' chats). */
    private static final int[] ADDITIVE = {0, 1, 2, 3, 4, 6};

    private GroupChatFigures() {
    }

    static List<Pulled> pull(GroupChatStatistics facet, LocalDate first, LocalDate last) {
        Map<LocalDate, Figures> byDay = new HashMap<>();
        for (GroupChatStatistics.Day d : facet.byDay(first, last, List.of())) {
            byDay.put(d.day(), d.figures());
        }
        List<Pulled> pulled = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            List<String> problems = new ArrayList<>();
            Figures total = byDay.get(day);
            if (total == null) {
                problems.add("the provider reported no figures for the day");
                total = Figures.NONE;
            }
            List<Row> rows = new ArrayList<>(rows("", total));
            Figures sum = Figures.NONE;
            for (Map.Entry<String, Figures> o : new TreeMap<>(facet.byOwner(day)).entrySet()) {
                rows.addAll(rows(ChannelStatisticsImpl.OWNER + o.getKey(), o.getValue()));
                sum = sum.plus(o.getValue());
            }
            long[] a = total.values();
            long[] b = sum.values();
            for (int i : ADDITIVE) {
                if (a[i] != b[i]) {
                    problems.add(Figures.METRICS.get(i) + ": owners sum to " + b[i] + ", the account reports " + a[i]);
                }
            }
            pulled.add(new Pulled(day, rows, problems));
        }
        return pulled;
    }

    private static List<Row> rows(String dim, Figures f) {
        List<Row> rows = new ArrayList<>();
        long[] v = f.values();
        for (int i = 0; i < v.length; i++) {
            rows.add(new Row(Figures.METRICS.get(i), dim, v[i]));
        }
        return rows;
    }

    static Figures figures(List<Row> rows) {
        long[] v = new long[Figures.METRICS.size()];
        for (Row r : rows) {
            int i = Figures.METRICS.indexOf(r.metric());
            if (i >= 0) {
                v[i] += r.value();
            }
        }
        return Figures.of(v);
    }
}
