package io.siyu.api.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a collection run pulled, per account.
 *
 * @since 1.1
 */
public record CollectReport(List<Account> accounts) {
    public CollectReport {
        accounts = List.copyOf(accounts);
    }

    /**
     * @param days the days stored (replacing what was there)
     * @param problems disagreements among the provider's figures, per day, as stored
     * @param error why pulling stopped, or null; the days before it are stored
     */
    public record Account(String channelKey, List<LocalDate> days, List<String> problems, String error) {
        public Account {
            Objects.requireNonNull(channelKey, "channelKey");
            days = List.copyOf(days);
            problems = List.copyOf(problems);
        }
    }
}
