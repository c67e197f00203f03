package io.siyu.core.internal.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EventColumnTest {

    @Test
    void aFullBuildLaysOutEventsExactlyAsAddingThemOneByOne() {
        for (boolean withAmounts : new boolean[] {true, false}) {
            Random random = new Random(7);
            EventColumn oneByOne = new EventColumn(withAmounts);
            EventColumn.Bulk bulk = new EventColumn.Bulk(withAmounts);
            for (int i = 0; i < 50_000; i++) {
                // few distinct times, so ties with different amounts must keep their arrival order
                int customer = random.nextInt(3_000) * 3;
                int time = i % 5 == 0 ? random.nextInt(20) : 1_000 + i / 10;
                long amount = random.nextInt(1_000_000);
                oneByOne.add(customer, time, amount);
                bulk.add(customer, time, amount);
            }
            int heavy = 5_000; // one customer with thousands of events, none in time order
            for (int i = 0; i < 4_000; i++) {
                int time = random.nextInt(100);
                oneByOne.add(heavy, time, i);
                bulk.add(heavy, time, i);
            }
            EventColumn built = bulk.build();
            assertEquals(oneByOne.has, built.has);
            for (int c = 0; c <= 9_000; c++) {
                assertArrayEquals(oneByOne.times(c), built.times(c), "times of customer " + c);
                assertArrayEquals(oneByOne.amounts(c), built.amounts(c), "amounts of customer " + c);
            }
        }
    }

    @Test
    void aFullBuildOfNoEventsIsAnEmptyColumn() {
        EventColumn built = new EventColumn.Bulk(true).build();
        assertEquals(0, built.has.getCardinality());
        assertEquals(null, built.times(0));
    }
}
