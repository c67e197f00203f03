package io.siyu.api.channel;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-day audience figures of an official account as the provider computes them (WeChat datacube:
 * {@code getusersummary}, {@code getusercumulate}, {@code getuserread}). Days are calendar days in
 * {@link #ZONE}, up to yesterday. The adapter splits longer periods into calls the provider accepts
 * ({@link #MAX_USER_SPAN_DAYS}, {@link #MAX_READ_SPAN_DAYS}). Provider errors are
 * {@link ChannelCallException}s.
 *
 * @since 1.6
 */
public interface AudienceStatistics {
    ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** getusersummary and getusercumulate: at most 7 days per call. */
    int MAX_USER_SPAN_DAYS = 7;
    /** getuserread: at most 3 days per call. */
    int MAX_READ_SPAN_DAYS = 3;
    /** The read source meaning "all sources together" ({@code user_source} 99999999). */
    int ALL_SOURCES = 99_999_999;

    /** What {@code user_source} of getusersummary means (follow channels); unknown codes are "other". */
    Map<Integer, String> FOLLOW_SOURCES = Map.ofEntries(Map.entry(0, "other"), Map.entry(1, "search"),
            Map.entry(17, "profile-card"), Map.entry(30, "qr-code"), Map.entry(57, "article-account-name"),
            Map.entry(100, "wechat-ads"), Map.entry(149, "mini-program"), Map.entry(161, "reprint"),
            Map.entry(200, "channels"), Map.entry(201, "channels-live"));

    /** What {@code user_source} of getuserread means (where readers came from). */
    Map<Integer, String> READ_SOURCES = Map.ofEntries(Map.entry(0, "session"), Map.entry(1, "friends"),
            Map.entry(2, "moments"), Map.entry(4, "history"), Map.entry(5, "other"), Map.entry(6, "top-stories"),
            Map.entry(7, "search"), Map.entry(ALL_SOURCES, "all"));

    /** New and cancelled follows per day and follow source, for days with any. */
    List<FollowDay> follows(LocalDate from, LocalDate to);

    /** Followers at the end of each day. */
    List<CumulateDay> cumulate(LocalDate from, LocalDate to);

    /** Article page reads per day and read source, including the {@link #ALL_SOURCES} rows. */
    List<ReadDay> reads(LocalDate from, LocalDate to);

    record FollowDay(LocalDate day, int source, long newUsers, long cancelUsers) {
        public FollowDay {
            Objects.requireNonNull(day, "day");
        }
    }

    record CumulateDay(LocalDate day, long followers) {
        public CumulateDay {
            Objects.requireNonNull(day, "day");
        }
    }

    /**
     * @param readUsers distinct readers of article pages ({@code int_page_read_user}); they do not add up
     *        over sources (one reader may come from two)
     * @param reads page reads ({@code int_page_read_count}); these add up over sources
     */
    record ReadDay(LocalDate day, int source, long readUsers, long reads, long shareUsers, long shares) {
        public ReadDay {
            Objects.requireNonNull(day, "day");
        }
    }

    static String followSourceName(int code) {
        return FOLLOW_SOURCES.getOrDefault(code, "source-" + code);
    }

    static String readSourceName(int code) {
        return READ_SOURCES.getOrDefault(code, "source-" + code);
    }
}
