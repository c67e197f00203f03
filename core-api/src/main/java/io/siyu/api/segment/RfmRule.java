package io.siyu.api.segment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * How recency, frequency and monetary value of orders score 1 to 5 each, and how the total
 * (3 to 15) places a customer in a {@link CustomerLayer}. Cut points are four strictly increasing
 * values per dimension, so each score is one comparison and editions can retune them.
 *
 * @param windowDays orders in this many days count towards frequency and monetary value
 * @param recencyDays last order within {@code recencyDays[0]} days scores 5, within [1] 4, [2] 3,
 *        [3] 2, older or never 1
 * @param frequencyCounts at least {@code frequencyCounts[3]} orders scores 5, [2] 4, [1] 3, [0] 2, fewer 1
 * @param monetaryAmounts the same for the net order amount
 * @param loyalMinScore lowest total of a loyal customer
 * @param coreMinScore lowest total of a core customer
 */
public record RfmRule(int windowDays, List<Integer> recencyDays, List<Integer> frequencyCounts,
        List<BigDecimal> monetaryAmounts, int loyalMinScore, int coreMinScore) {

    public enum Dimension {
        RECENCY,
        FREQUENCY,
        MONETARY
    }

    public static final RfmRule DEFAULT = new RfmRule(365, List.of(30, 60, 90, 180), List.of(2, 3, 5, 8),
            List.of(new BigDecimal("500"), new BigDecimal("1000"), new BigDecimal("3000"), new BigDecimal("10000")),
            9, 12);

    public RfmRule {
        Checks.days(windowDays, "windowDays");
        recencyDays = cutPoints(recencyDays, "recencyDays");
        frequencyCounts = cutPoints(frequencyCounts, "frequencyCounts");
        monetaryAmounts = cutPoints(monetaryAmounts, "monetaryAmounts");
        Checks.require(3 < loyalMinScore && loyalMinScore < coreMinScore && coreMinScore <= 15, "loyalMinScore",
                "need 3 < loyalMinScore < coreMinScore <= 15");
    }

    /** @param daysSinceLastOrder null if the customer never ordered */
    public int recencyScore(Long daysSinceLastOrder) {
        if (daysSinceLastOrder == null) {
            return 1;
        }
        for (int i = 0; i < 4; i++) {
            if (daysSinceLastOrder <= recencyDays.get(i)) {
                return 5 - i;
            }
        }
        return 1;
    }

    public int frequencyScore(long orders) {
        int score = 1;
        for (int i = 0; i < 4; i++) {
            if (orders >= frequencyCounts.get(i)) {
                score = i + 2;
            }
        }
        return score;
    }

    public int monetaryScore(BigDecimal amount) {
        int score = 1;
        for (int i = 0; i < 4; i++) {
            if (amount.compareTo(monetaryAmounts.get(i)) >= 0) {
                score = i + 2;
            }
        }
        return score;
    }

    public CustomerLayer layer(int recency, int frequency, int monetary) {
        int total = recency + frequency + monetary;
        return total >= coreMinScore ? CustomerLayer.CORE
                : total >= loyalMinScore ? CustomerLayer.LOYAL : CustomerLayer.ORDINARY;
    }

    private static <T extends Comparable<? super T>> List<T> cutPoints(List<T> values, String field) {
        Objects.requireNonNull(values, field);
        List<T> copy = List.copyOf(values);
        Checks.require(copy.size() == 4, field, "needs exactly 4 cut points");
        for (int i = 1; i < 4; i++) {
            Checks.require(copy.get(i - 1).compareTo(copy.get(i)) < 0, field, "must be strictly increasing");
        }
        Checks.require(copy.get(0) instanceof Number n && n.doubleValue() > 0, field, "must be positive");
        return copy;
    }
}
