package io.siyu.api.analytics;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The private-domain loop of the customers who arrived in {@code [from, to)}, each stage a subset of
 * the one before (see {@link CustomerAnalytics#loop}), in total and per value of the attribute
 * {@code by} (customers without a value under {@code ""}); the values' counts add up to the total.
 */
public record LoopFunnel(Instant from, Instant to, String by, Stages total, Map<String, Stages> byValue) {
    /** Stage names in order, as consoles label them. */
    public static final java.util.List<String> STAGES = java.util.List.of("leads", "settled", "reached", "converted",
            "repurchased");

    /** Customers at each stage; every figure is at most the one before it. */
    public record Stages(long leads, long settled, long reached, long converted, long repurchased) {
        public static final Stages NONE = new Stages(0, 0, 0, 0, 0);

        public Stages plus(Stages o) {
            return new Stages(leads + o.leads, settled + o.settled, reached + o.reached, converted + o.converted,
                    repurchased + o.repurchased);
        }

        public long[] asArray() {
            return new long[] {leads, settled, reached, converted, repurchased};
        }
    }

    public LoopFunnel {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(total, "total");
        byValue = Map.copyOf(byValue);
    }
}
