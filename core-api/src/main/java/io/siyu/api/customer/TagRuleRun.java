package io.siyu.api.customer;

import java.time.Instant;

/**
 * Progress of re-evaluating an auto tag's rule over every customer, started when the rule is created
 * or changed.
 *
 * @param finishedAt null while running
 * @param error why it failed; null unless {@code state} is FAILED
 */
public record TagRuleRun(long tagId, State state, long customersDone, long customersTotal, long added, long removed,
        Instant startedAt, Instant finishedAt, String error) {
    public enum State {
        RUNNING, DONE, FAILED
    }
}
