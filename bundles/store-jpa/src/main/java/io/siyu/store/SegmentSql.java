package io.siyu.store;

import io.siyu.api.segment.Condition;
import io.siyu.api.segment.RfmRule;
import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Evaluates a condition as one straightforward SQL query over the store. The segment index is
 * the fast path; this is its oracle in tests and its baseline in benchmarks, and it defines the
 * semantics both must share (see the core's SegmentEvaluator).
 *
 * @see io.siyu.api.segment.Condition
 */
public interface SegmentSql {
    /** @param segments the condition of a referenced segment, for {@link Condition.InSegment} */
    long count(Condition condition, Instant now, RfmRule rule, LongFunction<Condition> segments);

    /** Matching customer ids, ascending. */
    List<Long> members(Condition condition, Instant now, RfmRule rule, LongFunction<Condition> segments,
            long offset, int limit);
}
