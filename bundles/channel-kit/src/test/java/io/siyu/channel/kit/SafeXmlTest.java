package io.siyu.channel.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRejected.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeXmlTest {
    @TempDir
    Path dir;

    @Test
    void flatMessageKeepsOrderAndTextAsSent() {
        Map<String, String> m = SafeXml.parse("""
                <xml><ToUserName><![CDATA[toUser]]></ToUserName>
                <FromUserName><![CDATA[fromUser]]></FromUserName>
                <CreateTime>1348831860</CreateTime>
                <MsgType><![CDATA[text]]></MsgType>
                <Content><![CDATA[ a < b & "c" ]]></Content>
                <Empty></Empty>
                </xml>""");
        assertEquals(List.of("ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "Empty"),
                List.copyOf(m.keySet()));
        assertEquals("1348831860", m.get("CreateTime"));
        assertEquals(" a < b & \"c\" ", m.get("Content"));
        assertEquals("", m.get("Empty"));
    }

    @Test
    void nestedElementsAreFlattenedByPathAndRepeatsNumbered() {
        Map<String, String> m = SafeXml.parse("""
                <xml><Event><![CDATA[MASSSENDJOBFINISH]]></Event>
                <CopyrightCheckResult><Count>2</Count><ResultList>
                  <item><ArticleIdx>1</ArticleIdx></item>
                  <item><ArticleIdx>2</ArticleIdx></item>
                </ResultList></CopyrightCheckResult></xml>""".getBytes(StandardCharsets.UTF_8));
        assertEquals("MASSSENDJOBFINISH", m.get("Event"));
        assertEquals("2", m.get("CopyrightCheckResult/Count"));
        assertEquals("1", m.get("CopyrightCheckResult/ResultList/item/ArticleIdx"));
        assertEquals("2", m.get("CopyrightCheckResult/ResultList/item[2]/ArticleIdx"));
        assertEquals(4, m.size());
    }

    @Test
    void utf8BytesAreDecoded() {
        assertEquals("你好", SafeXml.parse("<xml><Content><![CDATA[你好]]></Content></xml>"
                .getBytes(StandardCharsets.UTF_8)).get("Content"));
    }

    @Test
    void doctypeIsMalformed() {
        CallbackRejected e = assertThrows(CallbackRejected.class, () -> SafeXml.parse(
                "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\">]><xml><Content>&a;&a;</Content></xml>"));
        assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void externalEntityCannotReadAFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]><xml><Content>&xxe;</Content></xml>";
        CallbackRejected e = assertThrows(CallbackRejected.class, () -> SafeXml.parse(xxe));
        assertEquals(Reason.MALFORMED, e.reason());
        assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains(secret.toString()), e.getMessage());

        String parameterEntity = "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]><xml/>";
        assertEquals(Reason.MALFORMED, assertThrows(CallbackRejected.class,
                () -> SafeXml.parse(parameterEntity)).reason());
        String externalDtd = "<!DOCTYPE xml SYSTEM \"" + secret.toUri() + "\"><xml/>";
        assertEquals(Reason.MALFORMED, assertThrows(CallbackRejected.class,
                () -> SafeXml.parse(externalDtd)).reason());
    }

    @Test
    void xincludeIsNotProcessed() throws Exception {
        Path secret = Files.writeString(dir.resolve("included.txt"), "TOP-SECRET-CONTENT");
        Map<String, String> m = SafeXml.parse("<xml xmlns:xi=\"http://www.w3.org/2001/XInclude\"><Content>"
                + "<xi:include href=\"" + secret.toUri() + "\" parse=\"text\"/></Content></xml>");
        assertFalse(m.values().stream().anyMatch(v -> v.contains("TOP-SECRET")), m.toString());
    }

    @Test
    void brokenXmlIsMalformed() {
        for (String bad : new String[] {"", "not xml", "<xml><a></xml>", "<xml/><second/>"}) {
            assertEquals(Reason.MALFORMED, assertThrows(CallbackRejected.class, () -> SafeXml.parse(bad), bad).reason());
        }
    }

    @Test
    void writerUsesCdataAndSplitsItsEndMarker() {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ToUserName", "user");
        reply.put("CreateTime", 1348831860L);
        reply.put("Content", "a]]>b <c> & d");
        reply.put("Skipped", null);
        String xml = SafeXml.write(reply);
        assertEquals("<xml><ToUserName><![CDATA[user]]></ToUserName><CreateTime>1348831860</CreateTime>"
                + "<Content><![CDATA[a]]]]><![CDATA[>b <c> & d]]></Content></xml>", xml);
        Map<String, String> back = SafeXml.parse(xml);
        assertEquals("a]]>b <c> & d", back.get("Content"));
        assertFalse(back.containsKey("Skipped"));
    }

    @Test
    void writerNestsMapsAndRepeatsLists() {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("MsgType", "news");
        reply.put("ArticleCount", 2);
        reply.put("Articles", Map.of("item", List.of(Map.of("Title", "one"), Map.of("Title", "two"))));
        Map<String, String> back = SafeXml.parse(SafeXml.write(reply));
        assertEquals("one", back.get("Articles/item/Title"));
        assertEquals("two", back.get("Articles/item[2]/Title"));
        assertEquals("2", back.get("ArticleCount"));
    }

    @Test
    void writerDropsCharactersXmlCannotCarryAndRefusesBadNames() {
        assertEquals("<![CDATA[ab\tc🎉]]>", SafeXml.cdata("a\u0000b\tc\u0007🎉"));
        assertThrows(IllegalArgumentException.class, () -> SafeXml.write(Map.of("a><b", "x")));
        assertTrue(SafeXml.write(Map.of()).equals("<xml></xml>"));
    }
}
