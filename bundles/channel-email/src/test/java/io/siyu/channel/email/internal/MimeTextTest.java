package io.siyu.channel.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

class MimeTextTest {
    @Test
    void longChineseHeadersSplitIntoEncodedWordsOfAtMost75CharactersWithoutBreakingACharacter() throws Exception {
        String subject = "【双十一】思域会员专享：全场商品五折起，满三百再减五十，仅限今日零点至二十四点🎉";
        String encoded = MimeText.header(subject);
        for (String line : encoded.split("\r\n")) {
            assertTrue(line.strip().length() <= 75, line);
            assertTrue(line.strip().startsWith("=?UTF-8?B?") && line.endsWith("?="), line);
        }
        assertEquals(subject, MimeUtility.decodeText(encoded.replace("\r\n", "")));
    }

    @Test
    void headerValuesCannotCarryLineBreaks() {
        assertEquals("hi Bcc: x@y.z", MimeText.header("hi\r\nBcc: x@y.z"));
        assertFalse(MimeText.mailbox("a\r\nb", "a@b.c").contains("\n"));
    }

    @Test
    void quotedPrintableKeepsLinesShortAndDecodesBackExactly() throws Exception {
        String text = "价格=100元 " + "x".repeat(200) + " \n.leading dot\ntrailing space ";
        String qp = MimeText.quotedPrintable(text);
        for (String line : qp.split("\r\n")) {
            assertTrue(line.length() <= 76, line);
        }
        byte[] decoded = MimeUtility.decode(new java.io.ByteArrayInputStream(qp.getBytes(StandardCharsets.US_ASCII)),
                "quoted-printable").readAllBytes();
        assertEquals(MimeText.crlf(text) + "\r\n", new String(decoded, StandardCharsets.UTF_8));
    }

    @Test
    void dotStuffingDoublesLeadingDotsAndEndsTheData() {
        assertEquals("..a\r\nb\r\n..\r\n.\r\n", new String(SmtpSession.dotStuffed(".a\r\nb\r\n.".getBytes(
                StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII));
    }

    @Test
    void htmlBecomesReadableText() {
        assertEquals("Hi 李雷\nSale: 50% (https://x.y/s?a=1&b=2)", MimeText.textOf(
                "<html><style>p{}</style><p>Hi&nbsp;李雷</p><a href=\"https://x.y/s?a=1&b=2\">Sale: 50%</a></html>"));
    }
}
