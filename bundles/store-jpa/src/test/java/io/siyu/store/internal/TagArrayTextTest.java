package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TagArrayTextTest {

    @Test
    void readsPostgresBigintArraysInTheirTextForm() {
        assertArrayEquals(new long[0], TagSets.Arrays.longs("{}"));
        assertArrayEquals(new long[] {5}, TagSets.Arrays.longs("{5}"));
        assertArrayEquals(new long[] {3, 17, 50}, TagSets.Arrays.longs("{3,17,50}"));
        assertArrayEquals(new long[] {-1, Long.MAX_VALUE}, TagSets.Arrays.longs("{-1,9223372036854775807}"));
    }

    @Test
    void refusesWhatIsNotABigintArray() {
        assertThrows(IllegalStateException.class, () -> TagSets.Arrays.longs("{1,NULL}"));
    }
}
