package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void phonesKeepTheirFirstThreeAndLastFourDigits() {
        assertEquals("+86138****1234", Masking.phone("+8613812341234"));
        assertEquals("138****1234", Masking.phone("13812341234"));
        assertEquals("****34", Masking.phone("123434"));
    }

    @Test
    void idLikeTextIsMaskedByShapeAndOtherTextIsLeftAlone() {
        assertEquals("1101**********123X", Masking.maskText("11010119900307123X"));
        assertEquals("6222***********0123", Masking.maskText("6222020200112340123"));
        assertEquals("138****1234", Masking.maskText("13812341234"));
        assertEquals("上海", Masking.maskText("上海"));
        assertEquals("2026-11-23", Masking.maskText("2026-11-23"));
    }
}
