package io.siyu.channel.kit;

import static io.siyu.channel.kit.Vectors.*;
import static io.siyu.channel.kit.WxCryptoTest.assertClean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRejected.Reason;
import io.siyu.api.channel.CallbackRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class CallbackGuardTest {
    /** Between vector A's two timestamps (1409659589 and 1409659813), so both are within 5 minutes. */
    private static final long A_NOW = 1409659700L;
    private static final String A_MESSAGE_XML = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>"
            + "<FromUserName><![CDATA[mycreate]]></FromUserName><CreateTime>1409659813</CreateTime>"
            + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content>"
            + "<MsgId>4561255354251345929</MsgId><AgentID>218</AgentID></xml>";

    private final MutableClock clock = MutableClock.atEpochSecond(A_NOW);
    private final CallbackGuard wecom = new CallbackGuard(new CallbackGuard.Config(A_TOKEN, A_KEY, A_CORPID, 300), clock);

    @TempDir
    Path dir;

    // ---- vector A through the guard ----

    @Test
    void vectorA_urlVerification() {
        assertEquals(A_ECHO_PLAIN, wecom.verifyUrl(urlRequest()));
    }

    @Test
    void vectorA_message() {
        VerifiedCallback m = wecom.openEncrypted(messageRequest(A_BODY));
        assertEquals("mycreate", m.field("FromUserName"));
        assertEquals(A_CORPID, m.field("ToUserName"));
        assertEquals("text", m.field("MsgType"));
        assertEquals("hello", m.field("Content"));
        assertEquals("4561255354251345929", m.field("MsgId"));
        assertEquals("218", m.field("AgentID"));
        assertEquals("1409659813", m.field("CreateTime"));
        assertEquals(A_MSG_TIMESTAMP, m.timestamp());
        assertEquals(A_MSG_NONCE, m.nonce());
        assertFalse(m.toString().contains("hello"), m.toString());
        // open() picks the encrypted path for an account with a key
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Reason.REPLAYED, rejected(() -> wecom.open(messageRequest(A_BODY))).reason());
    }

    @Test
    void vectorA_withTheSkewCheckOff() {
        CallbackGuard noSkew = new CallbackGuard(new CallbackGuard.Config(A_TOKEN, A_KEY, A_CORPID, 0),
                MutableClock.atEpochSecond(1_900_000_000L));
        assertEquals(A_ECHO_PLAIN, noSkew.verifyUrl(urlRequest()));
        assertEquals("hello", noSkew.openEncrypted(messageRequest(A_BODY)).field("Content"));
    }

    @Test
    void echostrWhosePlusBecameASpaceStillVerifies() {
        Map<String, String> query = urlQuery();
        query.put("echostr", A_ECHOSTR.replace('+', ' '));
        assertEquals(A_ECHO_PLAIN, wecom.verifyUrl("GET", query));
    }

    @Test
    void rawPartsWork() {
        VerifiedCallback m = wecom.openEncrypted("post", messageQuery(), A_BODY.getBytes(StandardCharsets.UTF_8));
        assertEquals("hello", m.field("Content"));
    }

    // ---- rejections ----

    @Test
    void wrongSignature() {
        Map<String, String> q = messageQuery();
        q.put("msg_signature", "0".repeat(40));
        assertRejected(Reason.BAD_SIGNATURE, () -> wecom.openEncrypted("POST", q, bytes(A_BODY)));
        q.remove("msg_signature");
        assertRejected(Reason.BAD_SIGNATURE, () -> wecom.openEncrypted("POST", q, bytes(A_BODY)));
        Map<String, String> u = urlQuery();
        u.put("nonce", "1");
        assertRejected(Reason.BAD_SIGNATURE, () -> wecom.verifyUrl("GET", u));
        // a tampered ciphertext no longer matches its signature
        String tampered = A_BODY.replace("RypEvHKD", "RypEvHKE");
        assertRejected(Reason.BAD_SIGNATURE, () -> wecom.openEncrypted("POST", messageQuery(), bytes(tampered)));
    }

    @Test
    void timestampOutsideTheWindow() {
        CallbackGuard strict = new CallbackGuard(new CallbackGuard.Config(A_TOKEN, A_KEY, A_CORPID, 60), clock);
        // A_NOW is 111 s before the message and 111 s after the URL check
        assertRejected(Reason.STALE_TIMESTAMP, () -> strict.openEncrypted(messageRequest(A_BODY)));
        assertRejected(Reason.STALE_TIMESTAMP, () -> strict.verifyUrl(urlRequest()));
        // exactly at the edge is still inside
        MutableClock edge = MutableClock.atEpochSecond(Long.parseLong(A_MSG_TIMESTAMP) + 60);
        CallbackGuard atEdge = new CallbackGuard(new CallbackGuard.Config(A_TOKEN, A_KEY, A_CORPID, 60), edge);
        assertEquals("hello", atEdge.openEncrypted(messageRequest(A_BODY)).field("Content"));
    }

    @Test
    void replayWithinTheWindowAndMemoryAfterIt() {
        assertEquals("hello", wecom.openEncrypted(messageRequest(A_BODY)).field("Content"));
        assertEquals(1, wecom.rememberedNonces());
        clock.advance(Duration.ofSeconds(200)); // 87 s after the message's timestamp: still inside
        assertRejected(Reason.REPLAYED, () -> wecom.openEncrypted(messageRequest(A_BODY)));
        clock.advance(Duration.ofSeconds(200)); // 287 s
        assertRejected(Reason.REPLAYED, () -> wecom.openEncrypted(messageRequest(A_BODY)));
        clock.advance(Duration.ofSeconds(14)); // 301 s: the timestamp itself is now too old
        assertRejected(Reason.STALE_TIMESTAMP, () -> wecom.openEncrypted(messageRequest(A_BODY)));
        clock.advance(Duration.ofSeconds(300)); // past seen-at + 2 × window: forgotten
        assertEquals(0, wecom.rememberedNonces());
    }

    @Test
    void nonceIsAcceptedAgainOnceTheWindowHasPassed() {
        // plain mode lets the test sign fresh requests with the same nonce at any time
        MutableClock c = MutableClock.atEpochSecond(1_700_000_000L);
        CallbackGuard plain = new CallbackGuard(new CallbackGuard.Config("tok", null, null, 300), c);
        String body = "<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>";
        long t0 = 1_700_000_000L;
        assertEquals("subscribe", plain.openPlain("POST", plainQuery("tok", t0, "42"), bytes(body)).field("Event"));
        c.advance(Duration.ofSeconds(10));
        assertRejected(Reason.REPLAYED, () -> plain.openPlain("POST", plainQuery("tok", t0, "42"), bytes(body)));
        c.advance(Duration.ofSeconds(601)); // beyond seen-at + 2 × 300 s
        assertEquals(0, plain.rememberedNonces());
        long t1 = t0 + 611;
        assertEquals("subscribe", plain.openPlain("POST", plainQuery("tok", t1, "42"), bytes(body)).field("Event"));
        // the same nonce at another timestamp is a different callback, not a replay
        assertEquals("subscribe", plain.openPlain("POST", plainQuery("tok", t1 + 1, "42"), bytes(body)).field("Event"));
    }

    @Test
    void withTheSkewCheckOffReplaysAreRememberedUpToTheBound() {
        MutableClock c = MutableClock.atEpochSecond(1_700_000_000L);
        CallbackGuard plain = new CallbackGuard(new CallbackGuard.Config("tok", null, null, 0), c, 3);
        Map<String, String> first = plainQuery("tok", 1, "n1");
        assertEquals("x", plain.verifyPlainUrl("GET", withEcho(first, "x")));
        c.advance(Duration.ofDays(365));
        assertRejected(Reason.REPLAYED, () -> plain.verifyPlainUrl("GET", withEcho(first, "x")));
        for (int i = 2; i <= 4; i++) {
            plain.verifyPlainUrl("GET", withEcho(plainQuery("tok", 1, "n" + i), "x"));
        }
        assertEquals(3, plain.rememberedNonces());
        // n1 was the oldest of four: evicted, so it is accepted again; n4 is still remembered
        assertEquals("x", plain.verifyPlainUrl("GET", withEcho(first, "x")));
        assertRejected(Reason.REPLAYED, () -> plain.verifyPlainUrl("GET", withEcho(plainQuery("tok", 1, "n4"), "x")));
    }

    @Test
    void rejectionsRecordNothingAndReleaseForgets() {
        Map<String, String> badSig = messageQuery();
        badSig.put("msg_signature", "0".repeat(40));
        assertRejected(Reason.BAD_SIGNATURE, () -> wecom.openEncrypted("POST", badSig, bytes(A_BODY)));
        assertEquals(0, wecom.rememberedNonces());
        VerifiedCallback m = wecom.openEncrypted(messageRequest(A_BODY));
        wecom.release(m); // the adapter could not record it: the provider's retry must pass
        assertEquals("hello", wecom.openEncrypted(messageRequest(A_BODY)).field("Content"));
    }

    @Test
    void wrongReceiver() {
        CallbackGuard otherCorp = new CallbackGuard(new CallbackGuard.Config(A_TOKEN, A_KEY, "wwSomeOtherCorp", 300), clock);
        assertRejected(Reason.WRONG_RECEIVER, () -> otherCorp.openEncrypted(messageRequest(A_BODY)));
        assertRejected(Reason.WRONG_RECEIVER, () -> otherCorp.verifyUrl(urlRequest()));
        assertEquals(0, otherCorp.rememberedNonces());
    }

    @Test
    void doctypeAndExternalEntityInTheBody() throws Exception {
        Path secret = Files.writeString(dir.resolve("passwd"), "root:TOP-SECRET");
        String xxe = "<!DOCTYPE xml [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><xml><Encrypt>&x;</Encrypt></xml>";
        CallbackRejected e = assertRejected(Reason.MALFORMED, () -> wecom.openEncrypted("POST", messageQuery(), bytes(xxe)));
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        CallbackGuard plain = new CallbackGuard(new CallbackGuard.Config("tok", null, null, 300), clock);
        e = assertRejected(Reason.MALFORMED, () -> plain.openPlain("POST", plainQuery("tok", A_NOW, "1"), bytes(xxe)));
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        assertEquals(0, plain.rememberedNonces());
    }

    @Test
    void inner_doctypeAfterDecryptionIsRefusedToo() {
        String inner = "<!DOCTYPE xml [<!ENTITY a \"b\">]><xml><Content>&a;</Content></xml>";
        String encrypt = new WxCrypto(A_TOKEN, A_KEY, A_CORPID).encrypt(inner);
        String ts = Long.toString(A_NOW);
        Map<String, String> q = new HashMap<>(Map.of("msg_signature",
                new WxCrypto(A_TOKEN, A_KEY, A_CORPID).signature(ts, "5", encrypt), "timestamp", ts, "nonce", "5"));
        assertRejected(Reason.MALFORMED, () -> wecom.openEncrypted("POST", q,
                bytes("<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>")));
        assertEquals(0, wecom.rememberedNonces());
    }

    @Test
    void bodyOverOneMebibyte() {
        byte[] big = new byte[CallbackRequest.MAX_BODY_BYTES + 1];
        assertRejected(Reason.TOO_LARGE, () -> wecom.openEncrypted("POST", messageQuery(), big));
        CallbackGuard plain = new CallbackGuard(new CallbackGuard.Config("tok", null, null, 300), clock);
        assertRejected(Reason.TOO_LARGE, () -> plain.openPlain("POST", plainQuery("tok", A_NOW, "1"), big));
        // CallbackRequest refuses it first when the REST layer builds one
        assertRejected(Reason.TOO_LARGE, () -> new CallbackRequest("POST", Map.of(), Map.of(), big));
    }

    @Test
    void undecryptableEncrypt() {
        WxCrypto c = new WxCrypto(A_TOKEN, A_KEY, A_CORPID);
        String ts = Long.toString(A_NOW);
        for (String garbage : new String[] {"%%%garbage%%%", "QUJD", "A".repeat(44)}) {
            Map<String, String> q = new HashMap<>(Map.of("msg_signature", c.signature(ts, "7", garbage),
                    "timestamp", ts, "nonce", "7"));
            assertRejected(Reason.MALFORMED, () -> wecom.openEncrypted("POST", q,
                    bytes("<xml><Encrypt><![CDATA[" + garbage + "]]></Encrypt></xml>")));
        }
        assertRejected(Reason.MALFORMED, () -> wecom.openEncrypted("POST", messageQuery(), bytes("<xml><ToUserName>x</ToUserName></xml>")));
        assertRejected(Reason.MALFORMED, () -> wecom.openEncrypted("POST", messageQuery(), new byte[0]));
    }

    @Test
    void missingOrNonNumericParameters() {
        Map<String, String> q = messageQuery();
        q.remove("nonce");
        assertRejected(Reason.MALFORMED, () -> wecom.openEncrypted("POST", q, bytes(A_BODY)));
        Map<String, String> u = urlQuery();
        u.remove("echostr");
        assertRejected(Reason.MALFORMED, () -> wecom.verifyUrl("GET", u));
        CallbackGuard plain = new CallbackGuard(new CallbackGuard.Config("tok", null, null, 300), clock);
        Map<String, String> p = new HashMap<>(Map.of("timestamp", "soon", "nonce", "1", "echostr", "e",
                "signature", WxCrypto.plainSignature("tok", "soon", "1")));
        assertRejected(Reason.MALFORMED, () -> plain.verifyPlainUrl("GET", p));
    }

    @Test
    void wrongMethod() {
        assertRejected(Reason.METHOD_NOT_ALLOWED, () -> wecom.verifyUrl("POST", urlQuery()));
        assertRejected(Reason.METHOD_NOT_ALLOWED, () -> wecom.openEncrypted("GET", messageQuery(), bytes(A_BODY)));
        assertRejected(Reason.METHOD_NOT_ALLOWED, () -> wecom.openEncrypted(
                new CallbackRequest("PUT", multi(messageQuery()), Map.of(), bytes(A_BODY))));
        CallbackGuard plain = new CallbackGuard(new CallbackGuard.Config("tok", null, null, 300), clock);
        assertRejected(Reason.METHOD_NOT_ALLOWED, () -> plain.openPlain("DELETE", plainQuery("tok", A_NOW, "1"), bytes("<xml/>")));
        assertRejected(Reason.METHOD_NOT_ALLOWED, () -> plain.verifyPlainUrl("POST", withEcho(plainQuery("tok", A_NOW, "1"), "e")));
    }

    // ---- Official Account plain mode ----

    @Test
    void vectorP_plainUrlVerificationAndMessage() {
        CallbackGuard plain = new CallbackGuard(new CallbackGuard.Config(P_TOKEN, null, null, 0),
                MutableClock.atEpochSecond(1_900_000_000L));
        Map<String, String> q = new HashMap<>(Map.of("signature", P_SIGNATURE, "timestamp", P_TIMESTAMP,
                "nonce", P_NONCE, "echostr", "5838479218127813673"));
        assertEquals("5838479218127813673", plain.verifyPlainUrl(new CallbackRequest("GET", multi(q), Map.of(), null)));

        Map<String, String> post = new HashMap<>(q);
        post.remove("echostr");
        post.put("timestamp", "1410685590");
        post.put("signature", WxCrypto.plainSignature(P_TOKEN, "1410685590", P_NONCE));
        VerifiedCallback m = plain.open(new CallbackRequest("POST", multi(post), Map.of(),
                bytes("<xml><FromUserName><![CDATA[oUser]]></FromUserName><MsgType><![CDATA[event]]></MsgType>"
                        + "<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123]]></EventKey></xml>")));
        assertEquals("qrscene_123", m.field("EventKey"));
        assertEquals("oUser", m.field("FromUserName"));

        Map<String, String> forged = new HashMap<>(post);
        forged.put("signature", P_SIGNATURE); // signed for another timestamp
        assertRejected(Reason.BAD_SIGNATURE, () -> plain.openPlain("POST", forged, bytes("<xml/>")));
    }

    @Test
    void plainModeHasNoCrypto() {
        CallbackGuard plain = new CallbackGuard(new CallbackGuard.Config("tok", null, null, 300), clock);
        assertThrows(IllegalStateException.class, () -> plain.verifyUrl("GET", urlQuery()));
        assertThrows(IllegalStateException.class, () -> plain.encryptReply("<xml/>"));
    }

    // ---- replies ----

    @Test
    void encryptedReplyOpensWithTheSameAccount() {
        String reply = SafeXml.write(Map.of("Content", "你好 ]]> reply"));
        String xml = wecom.encryptReply(reply);
        Map<String, String> envelope = SafeXml.parse(xml);
        assertEquals(List.of("Encrypt", "MsgSignature", "TimeStamp", "Nonce"), List.copyOf(envelope.keySet()));
        assertEquals(Long.toString(A_NOW), envelope.get("TimeStamp"));
        assertTrue(envelope.get("Nonce").matches("[0-9]{10}"), envelope.get("Nonce"));
        WxCrypto c = new WxCrypto(A_TOKEN, A_KEY, A_CORPID);
        c.verify(envelope.get("MsgSignature"), envelope.get("TimeStamp"), envelope.get("Nonce"), envelope.get("Encrypt"));
        assertEquals(reply, c.decrypt(envelope.get("Encrypt")));
        assertEquals("你好 ]]> reply", SafeXml.parse(c.decrypt(envelope.get("Encrypt"))).get("Content"));
    }

    @Test
    void deterministicReplyEnvelope() {
        String encrypted = new WxCrypto(A_TOKEN, A_KEY, A_CORPID).encrypt(C_RANDOM.getBytes(StandardCharsets.US_ASCII), "<xml/>");
        String xml = wecom.encryptReply("<xml/>", A_MSG_TIMESTAMP, A_MSG_NONCE, encrypted);
        assertEquals("<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt><MsgSignature><![CDATA["
                + WxCrypto.sha1OfSorted(A_TOKEN, A_MSG_TIMESTAMP, A_MSG_NONCE, encrypted) + "]]></MsgSignature><TimeStamp>"
                + A_MSG_TIMESTAMP + "</TimeStamp><Nonce><![CDATA[" + A_MSG_NONCE + "]]></Nonce></xml>", xml);
    }

    @Test
    void configNeverShowsSecrets() {
        String s = wecom.toString() + wecom.config();
        assertFalse(s.contains(A_TOKEN) || s.contains(A_KEY), s);
        assertThrows(IllegalArgumentException.class, () -> new CallbackGuard.Config("tok", A_KEY, null, 300));
        assertThrows(IllegalArgumentException.class, () -> new CallbackGuard.Config("tok", null, null, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CallbackGuard(new CallbackGuard.Config("tok", "x".repeat(43).replace('x', '!'), "id", 0), clock));
        assertFalse(e.getMessage().contains("!!!"));
    }

    // ---- helpers ----

    private static CallbackRequest urlRequest() {
        return new CallbackRequest("GET", multi(urlQuery()), Map.of(), null);
    }

    private static Map<String, String> urlQuery() {
        return new HashMap<>(Map.of("msg_signature", A_URL_SIGNATURE, "timestamp", A_URL_TIMESTAMP, "nonce", A_URL_NONCE,
                "echostr", A_ECHOSTR));
    }

    private static CallbackRequest messageRequest(String body) {
        return new CallbackRequest("POST", multi(messageQuery()), Map.of("Content-Type", List.of("text/xml")), bytes(body));
    }

    private static Map<String, String> messageQuery() {
        return new HashMap<>(Map.of("msg_signature", A_MSG_SIGNATURE, "timestamp", A_MSG_TIMESTAMP, "nonce", A_MSG_NONCE));
    }

    private static Map<String, String> plainQuery(String token, long timestamp, String nonce) {
        String ts = Long.toString(timestamp);
        return new HashMap<>(Map.of("signature", WxCrypto.plainSignature(token, ts, nonce), "timestamp", ts, "nonce", nonce));
    }

    private static Map<String, String> withEcho(Map<String, String> q, String echostr) {
        Map<String, String> copy = new HashMap<>(q);
        copy.put("echostr", echostr);
        return copy;
    }

    private static Map<String, List<String>> multi(Map<String, String> q) {
        Map<String, List<String>> m = new HashMap<>();
        q.forEach((k, v) -> m.put(k, List.of(v)));
        return m;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CallbackRejected rejected(Executable call) {
        return assertThrows(CallbackRejected.class, call);
    }

    private static CallbackRejected assertRejected(Reason reason, Executable call) {
        CallbackRejected e = assertThrows(CallbackRejected.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertClean(e);
        return e;
    }
}
