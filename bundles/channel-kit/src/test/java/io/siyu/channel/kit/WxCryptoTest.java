package io.siyu.channel.kit;

import static io.siyu.channel.kit.Vectors.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRejected.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WxCryptoTest {
    private final WxCrypto wecom = new WxCrypto(A_TOKEN, A_KEY, A_CORPID);

    @Test
    void vectorA_urlVerificationSignatureAndEchostr() {
        assertEquals(A_URL_SIGNATURE, wecom.signature(A_URL_TIMESTAMP, A_URL_NONCE, A_ECHOSTR));
        wecom.verify(A_URL_SIGNATURE, A_URL_TIMESTAMP, A_URL_NONCE, A_ECHOSTR);
        assertEquals(A_ECHO_PLAIN, wecom.decrypt(A_ECHOSTR));
    }

    @Test
    void vectorA_messageSignatureAndDecryption() {
        assertEquals(A_MSG_SIGNATURE, wecom.signature(A_MSG_TIMESTAMP, A_MSG_NONCE, A_ENCRYPT));
        String xml = wecom.decrypt(A_ENCRYPT);
        assertTrue(xml.startsWith("<xml>"), xml);
        assertTrue(xml.contains("<Content><![CDATA[hello]]></Content>"), xml);
    }

    @Test
    void vectorC_deterministicEncryption() {
        WxCrypto oa = new WxCrypto("anytoken", C_KEY, C_APPID);
        assertEquals(C_ENCRYPTED, oa.encrypt(C_RANDOM.getBytes(StandardCharsets.US_ASCII), C_MESSAGE));
        assertEquals(C_MESSAGE, oa.decrypt(C_ENCRYPTED));
    }

    @Test
    void vectorP_plainSignature() {
        assertEquals(P_SIGNATURE, WxCrypto.plainSignature(P_TOKEN, P_TIMESTAMP, P_NONCE));
    }

    @Test
    void signatureComparisonIgnoresHexCaseAndRefusesNull() {
        assertTrue(WxCrypto.signaturesEqual(P_SIGNATURE, P_SIGNATURE.toUpperCase()));
        assertFalse(WxCrypto.signaturesEqual(P_SIGNATURE, P_SIGNATURE.substring(1)));
        assertFalse(WxCrypto.signaturesEqual(P_SIGNATURE, null));
    }

    @Test
    void wrongSignatureIsRejectedWithoutSecrets() {
        CallbackRejected e = assertThrows(CallbackRejected.class,
                () -> wecom.verify(A_URL_SIGNATURE.replace('5', '6'), A_URL_TIMESTAMP, A_URL_NONCE, A_ECHOSTR));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        assertClean(e);
    }

    @Test
    void roundTripAroundTheBlockBoundaryAndWithMultiByteText() {
        // random(16) + length(4) + receiveid(18) = 38 bytes of overhead: messages of 26 and 58
        // bytes end exactly on a 32-byte block and get a whole block of padding
        for (int n = 0; n <= 100; n++) {
            String msg = "x".repeat(n);
            String encrypted = wecom.encrypt(msg);
            int plainLength = 16 + 4 + n + A_CORPID.length();
            int expectedBlocks = plainLength / 32 + 1;
            assertEquals(expectedBlocks * 32, Base64.getDecoder().decode(encrypted).length, "n=" + n);
            assertEquals(msg, wecom.decrypt(encrypted), "n=" + n);
        }
        for (String text : new String[] {"", "é", "中文消息", "🎉 emoji 与 中文 ]]> <xml/>", "行".repeat(300)}) {
            assertEquals(text, wecom.decrypt(wecom.encrypt(text)));
        }
    }

    @Test
    void randomPrefixMakesEveryEncryptionDifferent() {
        assertNotEquals(wecom.encrypt("same"), wecom.encrypt("same"));
    }

    @Test
    void wrongReceiverIsRejected() {
        String forOther = new WxCrypto(A_TOKEN, A_KEY, "wwOtherCorp").encrypt("<xml/>");
        CallbackRejected e = assertThrows(CallbackRejected.class, () -> wecom.decrypt(forOther));
        assertEquals(Reason.WRONG_RECEIVER, e.reason());
        assertClean(e);
        // a receiveid that is a prefix of ours is no match either
        String forPrefix = new WxCrypto(A_TOKEN, A_KEY, A_CORPID.substring(0, 10)).encrypt("<xml/>");
        assertEquals(Reason.WRONG_RECEIVER, assertThrows(CallbackRejected.class, () -> wecom.decrypt(forPrefix)).reason());
    }

    @Test
    void garbageIsMalformed() {
        for (String garbage : new String[] {"", "!!!not base64!!!", "AAAA", Base64.getEncoder().encodeToString(new byte[16]),
                Base64.getEncoder().encodeToString(new byte[48])}) {
            CallbackRejected e = assertThrows(CallbackRejected.class, () -> wecom.decrypt(garbage), garbage);
            assertEquals(Reason.MALFORMED, e.reason(), garbage);
            assertClean(e);
        }
    }

    @Test
    void badPaddingIsMalformed() throws Exception {
        byte[] plain = validPlaintext("hello");
        // pad value 0, 33, and a pad of 5 whose bytes are not all 5
        for (int variant = 0; variant < 3; variant++) {
            byte[] p = plain.clone();
            switch (variant) {
                case 0 -> p[p.length - 1] = 0;
                case 1 -> p[p.length - 1] = 33;
                default -> {
                    p[p.length - 1] = 5;
                    p[p.length - 2] = 4;
                }
            }
            CallbackRejected e = assertThrows(CallbackRejected.class, () -> wecom.decrypt(rawEncrypt(p)));
            assertEquals(Reason.MALFORMED, e.reason());
            assertTrue(e.getMessage().contains("padding"), e.getMessage());
            assertClean(e);
        }
        // the unmodified plaintext decrypts: the variants failed for their padding alone
        assertEquals("hello", wecom.decrypt(rawEncrypt(plain)));
    }

    @Test
    void lengthFieldPointingPastTheEndIsMalformed() throws Exception {
        byte[] p = validPlaintext("hello");
        ByteBuffer.wrap(p).putInt(16, 10_000);
        assertEquals(Reason.MALFORMED, assertThrows(CallbackRejected.class, () -> wecom.decrypt(rawEncrypt(p))).reason());
    }

    @Test
    void badKeysAreRefusedWithoutEchoingThem() {
        String[] bad = {null, "short", A_KEY + "x", A_KEY.substring(0, 42) + "!"};
        for (String key : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new WxCrypto(A_TOKEN, key, A_CORPID));
            assertTrue(e.getMessage().startsWith("EncodingAESKey"), e.getMessage());
            if (key != null) {
                assertFalse(e.getMessage().contains(key), e.getMessage());
                assertFalse(e.getMessage().contains(key.substring(0, 5)), e.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new WxCrypto(" ", A_KEY, A_CORPID));
        assertThrows(IllegalArgumentException.class, () -> new WxCrypto(A_TOKEN, A_KEY, ""));
        assertFalse(wecom.toString().contains(A_KEY) || wecom.toString().contains(A_TOKEN));
    }

    /** random + length + msg + corpid + correct 32-byte padding, unencrypted. */
    private static byte[] validPlaintext(String msg) {
        byte[] m = msg.getBytes(StandardCharsets.UTF_8);
        byte[] id = A_CORPID.getBytes(StandardCharsets.UTF_8);
        int len = 20 + m.length + id.length;
        int pad = 32 - len % 32;
        ByteBuffer b = ByteBuffer.allocate(len + pad);
        b.put(new byte[16]).putInt(m.length).put(m).put(id);
        byte[] padding = new byte[pad];
        Arrays.fill(padding, (byte) pad);
        return b.put(padding).array();
    }

    private static String rawEncrypt(byte[] plain) throws Exception {
        byte[] key = Base64.getDecoder().decode(A_KEY + "=");
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
        return Base64.getEncoder().encodeToString(c.doFinal(plain));
    }

    static void assertClean(Throwable e) {
        String m = String.valueOf(e.getMessage());
        for (String secret : new String[] {A_TOKEN, A_KEY, C_KEY, "hello", A_ECHO_PLAIN, A_URL_SIGNATURE, A_MSG_SIGNATURE}) {
            assertFalse(m.contains(secret), () -> "message leaks a secret: " + m);
        }
    }
}
