package io.siyu.api.analytics;

import io.siyu.api.channel.GroupChatStatistics.Figures;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Group-chat figures of a WeCom account per day, as stored by the daily collection.
 *
 * @param owner the group owner the figures are limited to, or null for all owners
 * @param days the collected days of the period, oldest first
 * @param missing days of the period not collected (yet); the provider has a day's figures from the next day
 * @param owners group owners with figures in the period, for choosing one
 * @since 1.1
 */
public record GroupChatReport(String account, LocalDate from, LocalDate to, String owner, List<Day> days,
        List<LocalDate> missing, List<String> owners) {
    public GroupChatReport {
        Objects.requireNonNull(account, "account");
        days = List.copyOf(days);
        missing = List.copyOf(missing);
        owners = List.copyOf(owners);
    }

    /** @param problems where the provider's figures do not agree with each other (kept as given) */
    public record Day(LocalDate day, Figures figures, List<String> problems) {
        public Day {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(figures, "figures");
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }
}
