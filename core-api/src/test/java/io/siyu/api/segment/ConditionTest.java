package io.siyu.api.segment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ValidationException;
import io.siyu.api.event.EventTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConditionTest {

    @Test
    void emptyAndOrAreRefusedNamingTheNode() {
        ValidationException e = assertThrows(ValidationException.class, () -> new Condition.And(List.of()));
        assertEquals("and", e.errors().get(0).field());
        assertThrows(ValidationException.class, () -> new Condition.Or(List.of()));
        assertThrows(NullPointerException.class, () -> new Condition.Not(null));
    }

    @Test
    void operatorsTakeTheRightNumberOfValues() {
        assertThrows(ValidationException.class, () -> Condition.attribute("age", Operator.BETWEEN, 18));
        assertThrows(ValidationException.class, () -> Condition.attribute("region", Operator.EXISTS, "x"));
        assertThrows(ValidationException.class, () -> Condition.attribute("region", Operator.IN));
        assertDoesNotThrow(() -> Condition.attribute("age", Operator.BETWEEN, 18, 35));
        assertDoesNotThrow(() -> Condition.attribute("region", Operator.IN, "Shanghai", "Hangzhou"));
        assertDoesNotThrow(() -> Condition.attribute("occupation", Operator.NOT_EXISTS));
    }

    @Test
    void eventAndAmountConditionsCheckTheirRanges() {
        assertThrows(ValidationException.class, () -> new Condition.EventCount(EventTypes.ORDER, 0, 30));
        assertThrows(ValidationException.class, () -> new Condition.EventCount(EventTypes.ORDER, 2, 0));
        assertThrows(ValidationException.class, () -> new Condition.LastEventOlderThan(EventTypes.ORDER, 4000));
        assertThrows(ValidationException.class,
                () -> new Condition.TotalAmount(Operator.IN, BigDecimal.TEN, 0));
        assertThrows(ValidationException.class, () -> new Condition.Rfm(RfmRule.Dimension.RECENCY, 4, 3));
        assertThrows(ValidationException.class, () -> new Condition.Rfm(RfmRule.Dimension.MONETARY, 0, 5));
        assertThrows(ValidationException.class, () -> new Condition.Tags(Condition.TagMatch.ANY, Set.of()));
    }

    @Test
    void aTreeIsCopiedAndComparesByValue() {
        List<Condition> parts = new ArrayList<>();
        parts.add(Condition.tags(Condition.TagMatch.ALL, 1L, 2L, 2L));
        parts.add(new Condition.EventCount(EventTypes.ARTICLE_VIEW, 3, 30));
        Condition.And and = new Condition.And(parts);
        parts.add(new Condition.InSegment(9));
        assertEquals(2, and.conditions().size());

        Condition tree = Condition.or(and, Condition.not(new Condition.Layer(CustomerLayer.ORDINARY)),
                new Condition.TotalAmount(Operator.GE, new BigDecimal("1000"), 365));
        Condition same = Condition.or(
                new Condition.And(List.of(new Condition.Tags(Condition.TagMatch.ALL, Set.of(1L, 2L)),
                        new Condition.EventCount(EventTypes.ARTICLE_VIEW, 3, 30))),
                new Condition.Not(new Condition.Layer(CustomerLayer.ORDINARY)),
                new Condition.TotalAmount(Operator.GE, new BigDecimal("1000"), 365));
        assertEquals(same, tree);
    }

    @Test
    void draftNamesAreRequiredAndBounded() {
        Condition c = new Condition.InSegment(1);
        assertThrows(ValidationException.class, () -> new SegmentDraft(" ", null, c));
        assertThrows(ValidationException.class, () -> new SegmentDraft("x".repeat(65), null, c));
        assertEquals("core", new SegmentDraft(" core ", null, c).name());
    }
}
