package io.siyu.store.internal;

import io.siyu.store.ChannelStatRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

final class JdbcChannelStatRepository implements ChannelStatRepository {
    private static final String KEY = " WHERE channel_type = ? AND account = ?";
    private static final String PERIOD = KEY + " AND stat_day >= ? AND stat_day <= ?";
    private static final int PROBLEMS_MAX = 2000;

    private final JdbcTransactions jdbc;
    private final InstantConverter instants = new InstantConverter();

    JdbcChannelStatRepository(DataSource dataSource) {
        this.jdbc = new JdbcTransactions(dataSource);
    }

    @Override
    public void replaceDay(String channelType, String account, LocalDate day, List<Row> rows, String problems,
            Instant at) {
        // Two nodes replacing the same day race on the primary keys (23505): the retry deletes the
        // other's rows and writes its own, so the day is always one pull's figures, never a mix.
        jdbc.retrying("storing channel figures of " + channelType + "/" + account + " " + day, c -> {
            for (String table : List.of("channel_daily_stat", "channel_stat_day")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + KEY + " AND stat_day = ?")) {
                    bindKey(ps, channelType, account);
                    ps.setString(3, day.toString());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_daily_stat"
                    + " (channel_type, account, stat_day, metric, dim, stat_value) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Row r : rows) {
                    bindKey(ps, channelType, account);
                    ps.setString(3, day.toString());
                    ps.setString(4, r.metric());
                    ps.setString(5, r.dim());
                    ps.setLong(6, r.value());
                    ps.addBatch();
                }
                if (!rows.isEmpty()) {
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO channel_stat_day"
                    + " (channel_type, account, stat_day, collected_at, problems) VALUES (?, ?, ?, ?, ?)")) {
                bindKey(ps, channelType, account);
                ps.setString(3, day.toString());
                ps.setTimestamp(4, instants.convertToDatabaseColumn(at));
                ps.setString(5, problems == null || problems.length() <= PROBLEMS_MAX ? problems
                        : problems.substring(0, PROBLEMS_MAX - 1) + "…");
                ps.executeUpdate();
            }
            return null;
        }, done -> true);
    }

    @Override
    public List<StoredDay> days(String channelType, String account, LocalDate from, LocalDate to, Set<String> dims) {
        return jdbc.read("reading channel figures", c -> {
            Map<String, Object[]> marks = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT stat_day, collected_at, problems FROM channel_stat_day"
                    + PERIOD + " ORDER BY stat_day")) {
                bindPeriod(ps, channelType, account, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        marks.put(rs.getString(1), new Object[] {instants.convertToEntityAttribute(rs.getTimestamp(2)),
                                rs.getString(3)});
                    }
                }
            }
            Map<String, List<Row>> rows = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT stat_day, metric, dim, stat_value FROM channel_daily_stat"
                    + PERIOD + " ORDER BY stat_day, metric, dim")) {
                bindPeriod(ps, channelType, account, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String dim = rs.getString(3);
                        if (dims == null || dims.contains(dim)) {
                            rows.computeIfAbsent(rs.getString(1), d -> new ArrayList<>())
                                    .add(new Row(rs.getString(2), dim, rs.getLong(4)));
                        }
                    }
                }
            }
            List<StoredDay> days = new ArrayList<>();
            marks.forEach((day, mark) -> days.add(new StoredDay(LocalDate.parse(day), (Instant) mark[0],
                    (String) mark[1], rows.getOrDefault(day, List.of()))));
            return days;
        });
    }

    @Override
    public Set<LocalDate> collectedDays(String channelType, String account, LocalDate from, LocalDate to) {
        return jdbc.read("reading collected days", c -> {
            Set<LocalDate> days = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT stat_day FROM channel_stat_day" + PERIOD)) {
                bindPeriod(ps, channelType, account, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        days.add(LocalDate.parse(rs.getString(1)));
                    }
                }
            }
            return days;
        });
    }

    @Override
    public List<String> dims(String channelType, String account, LocalDate from, LocalDate to, String prefix) {
        return jdbc.read("reading channel figure dimensions", c -> {
            Set<String> dims = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT dim FROM channel_daily_stat" + PERIOD
                    + " AND dim LIKE ? ESCAPE '!'")) {
                bindPeriod(ps, channelType, account, from, to);
                ps.setString(5, prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).startsWith(prefix)) {
                            dims.add(rs.getString(1));
                        }
                    }
                }
            }
            return new ArrayList<>(dims);
        });
    }

    @Override
    public List<String> accounts(String channelType) {
        return jdbc.read("reading accounts with channel figures", c -> {
            List<String> accounts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT account FROM channel_stat_day"
                    + " WHERE channel_type = ? ORDER BY account")) {
                ps.setString(1, channelType);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        accounts.add(rs.getString(1));
                    }
                }
            }
            return accounts;
        });
    }

    @Override
    public Map<String, long[]> followsPerMinute(String channel, Instant from, int minutes) {
        Instant to = from.plus(Duration.ofMinutes(minutes));
        return jdbc.read("counting follows per minute", c -> {
            Map<String, long[]> counts = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT event_type, occurred_at FROM follow_event"
                    + " WHERE channel = ? AND occurred_at >= ? AND occurred_at < ?")) {
                ps.setString(1, channel);
                ps.setTimestamp(2, instants.convertToDatabaseColumn(from));
                ps.setTimestamp(3, instants.convertToDatabaseColumn(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long minute = Duration.between(from, instants.convertToEntityAttribute(rs.getTimestamp(2))).toMinutes();
                        if (minute >= 0 && minute < minutes) {
                            counts.computeIfAbsent(rs.getString(1), k -> new long[minutes])[(int) minute]++;
                        }
                    }
                }
            }
            return counts;
        });
    }

    private static void bindKey(PreparedStatement ps, String type, String account) throws SQLException {
        ps.setString(1, type);
        ps.setString(2, account);
    }

    private static void bindPeriod(PreparedStatement ps, String type, String account, LocalDate from, LocalDate to)
            throws SQLException {
        bindKey(ps, type, account);
        ps.setString(3, from.toString());
        ps.setString(4, to.toString());
    }
}
