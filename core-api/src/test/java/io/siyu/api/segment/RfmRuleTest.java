package io.siyu.api.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ValidationException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RfmRuleTest {
    private final RfmRule rule = RfmRule.DEFAULT;

    @Test
    void scoresFollowTheCutPoints() {
        assertEquals(5, rule.recencyScore(0L));
        assertEquals(5, rule.recencyScore(30L));
        assertEquals(4, rule.recencyScore(31L));
        assertEquals(2, rule.recencyScore(180L));
        assertEquals(1, rule.recencyScore(181L));
        assertEquals(1, rule.recencyScore(null));

        assertEquals(1, rule.frequencyScore(1));
        assertEquals(2, rule.frequencyScore(2));
        assertEquals(4, rule.frequencyScore(7));
        assertEquals(5, rule.frequencyScore(100));

        assertEquals(1, rule.monetaryScore(new BigDecimal("499.99")));
        assertEquals(2, rule.monetaryScore(new BigDecimal("500")));
        assertEquals(5, rule.monetaryScore(new BigDecimal("10000.00")));
    }

    @Test
    void totalsPlaceCustomersInLayers() {
        assertEquals(CustomerLayer.CORE, rule.layer(5, 4, 3));
        assertEquals(CustomerLayer.LOYAL, rule.layer(4, 3, 2));
        assertEquals(CustomerLayer.ORDINARY, rule.layer(3, 3, 2));
    }

    @Test
    void cutPointsMustBeFourIncreasingPositiveValues() {
        List<BigDecimal> money = RfmRule.DEFAULT.monetaryAmounts();
        assertThrows(ValidationException.class, () -> new RfmRule(365, List.of(30, 30, 90, 180), List.of(2, 3, 5, 8), money, 9, 12));
        assertThrows(ValidationException.class, () -> new RfmRule(365, List.of(30, 60, 90), List.of(2, 3, 5, 8), money, 9, 12));
        assertThrows(ValidationException.class, () -> new RfmRule(365, List.of(0, 60, 90, 180), List.of(2, 3, 5, 8), money, 9, 12));
        assertThrows(ValidationException.class, () -> new RfmRule(365, List.of(30, 60, 90, 180), List.of(2, 3, 5, 8), money, 12, 12));
        assertThrows(ValidationException.class, () -> new RfmRule(0, List.of(30, 60, 90, 180), List.of(2, 3, 5, 8), money, 9, 12));
    }
}
