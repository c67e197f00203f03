package io.siyu.api.channel;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-day figures of the account's customer group chats, as the provider computes them (WeCom
 * {@code groupchat/statistic_group_by_day} and {@code groupchat/statistic}). Days are calendar days
 * in {@link #ZONE}; a day's figures exist from the next day on. The adapter splits longer periods
 * into calls the provider accepts. Provider errors are {@link ChannelCallException}s.
 *
 * @since 1.6
 */
public interface GroupChatStatistics {
    /** WeCom counts days in China time. */
    ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** The longest period one provider call covers (WeCom: 30 days, both ends included). */
    int MAX_SPAN_DAYS = 30;
    /** How far back the provider keeps figures (WeCom: 180 days). */
    int RETENTION_DAYS = 180;

    /**
     * One figure set per day of {@code [from, to]}, for the chats of all owners, or of
     * {@code ownerUserIds} when not empty.
     */
    List<Day> byDay(LocalDate from, LocalDate to, List<String> ownerUserIds);

    /** The figures of one day per group owner (staff userid), for every owner the provider reports. */
    Map<String, Figures> byOwner(LocalDate day);

    record Day(LocalDate day, Figures figures) {
        public Day {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(figures, "figures");
        }
    }

    /**
     * @param newChats chats created that day ({@code new_chat_cnt})
     * @param chats chats at the end of the day ({@code chat_total})
     * @param activeChats chats with a message that day ({@code chat_has_msg})
     * @param newMembers members who joined that day ({@code new_member_cnt})
     * @param members members at the end of the day ({@code member_total})
     * @param speakingMembers members who spoke that day ({@code member_has_msg})
     * @param messages messages that day ({@code msg_total})
     */
    record Figures(long newChats, long chats, long activeChats, long newMembers, long members, long speakingMembers,
            long messages) {
        public static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0);
        /** Metric names, in the order of {@link #values()}. */
        public static final List<String> METRICS = List.of("newChats", "chats", "activeChats", "newMembers", "members",
                "speakingMembers", "messages");

        public long[] values() {
            return new long[] {newChats, chats, activeChats, newMembers, members, speakingMembers, messages};
        }

        public static Figures of(long[] v) {
            return new Figures(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        }

        public Figures plus(Figures o) {
            long[] a = values();
            long[] b = o.values();
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return of(a);
        }
    }
}
