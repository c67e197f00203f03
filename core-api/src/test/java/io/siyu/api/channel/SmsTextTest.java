package io.siyu.api.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmsTextTest {

    @Test
    void gsmTextFits160SeptetsInOneSmsAnd153PerPartBeyond() {
        assertEquals(new SmsText("a".repeat(160), SmsText.Encoding.GSM_7, 160, 1, 160, 3), SmsText.of("a".repeat(160)));
        SmsText long161 = SmsText.of("a".repeat(161));
        assertEquals(2, long161.segments());
        assertEquals(2, SmsText.of("a".repeat(306)).segments());
        assertEquals(3, SmsText.of("a".repeat(307)).segments());
    }

    @Test
    void gsmExtensionCharactersTakeTwoSeptetsAndAreNeverSplitAcrossParts() {
        assertEquals(2, SmsText.of("€").length());
        assertEquals(SmsText.Encoding.GSM_7, SmsText.of("{price} ~ [x]").encoding());
        // 152 plain + "€" (2) = 154 septets: the escape pair does not fit part one's last septet
        SmsText edge = SmsText.of("a".repeat(152) + "€" + "b".repeat(10));
        assertEquals(164, edge.length());
        assertEquals(2, edge.segments());
        assertEquals(1, SmsText.of("a".repeat(158) + "€").segments());
    }

    @Test
    void anyNonGsmCharacterMakesTheTextUcs2With70And67() {
        SmsText chinese = SmsText.of("您".repeat(70));
        assertEquals(SmsText.Encoding.UCS_2, chinese.encoding());
        assertEquals(1, chinese.segments());
        assertEquals(2, SmsText.of("您".repeat(71)).segments());
        assertEquals(2, SmsText.of("您".repeat(134)).segments());
        assertEquals(3, SmsText.of("您".repeat(135)).segments());
        SmsText mixed = SmsText.of("a".repeat(100) + "é" + "ç");
        assertEquals(SmsText.Encoding.UCS_2, mixed.encoding(), "ç is not in the GSM basic set");
        assertEquals(2, mixed.segments());
    }

    @Test
    void surrogatePairsCountTwoUnitsAndStayInOnePart() {
        SmsText emoji = SmsText.of("x".repeat(66) + "😀");
        assertEquals(68, emoji.length());
        assertEquals(1, emoji.segments());
        assertEquals(67, emoji.mainlandLength());
        assertEquals(2, SmsText.of("x".repeat(66) + "😀" + "y".repeat(4)).segments(), "72 units: two parts of 67");
    }

    @Test
    void mainlandCarriersCountEveryCharacterOneWithTheSignature() {
        SmsText signed = SmsText.signed("思语", "您的验证码是123456，5分钟内有效。");
        assertEquals("【思语】您的验证码是123456，5分钟内有效。", signed.text());
        assertEquals(24, signed.mainlandLength());
        assertEquals(1, signed.mainlandSegments());
        assertEquals(2, SmsText.of("a".repeat(71)).mainlandSegments(), "ASCII counts 70/67 in mainland China too");
        assertEquals(1, SmsText.of("a".repeat(71)).segments());
        assertEquals(0, SmsText.of("").segments());
    }

    @Test
    void rendersTencentAndAliyunPlaceholders() {
        assertEquals("验证码1234，5分钟有效", SmsText.render("验证码{1}，{2}分钟有效", Map.of("1", "1234", "2", "5")));
        assertEquals("您的订单A1$已发货", SmsText.render("您的订单${order}已发货", Map.of("order", "A1$")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmsText.render("{1} and {2}", Map.of("1", "x")));
        assertTrue(e.getMessage().contains("{2}"), e.getMessage());
    }

    @Test
    void anAcceptedCallMayCarryPerRecipientResultsAndKeepsTheOldForm() {
        ChannelIdentity a = ChannelIdentity.of(IdentityType.PHONE, "+8613800000001");
        ChannelIdentity b = ChannelIdentity.of(IdentityType.PHONE, "+8613800000002");
        SendResult.Accepted accepted = SendResult.Accepted.perRecipient("req-1", Map.of(a,
                SendResult.Accepted.of("serial-a"), b,
                new SendResult.PermanentFailure("InvalidParameterValue.IncorrectPhoneNumber", "bad number")));
        assertEquals(2, accepted.recipientResults().size());
        assertTrue(new SendResult.Accepted("x", null).recipientResults().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SendResult.Accepted.perRecipient("x",
                Map.of(a, accepted)));
    }
}
