package io.siyu.channel.kit;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRejected.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The WeChat / WeCom callback cipher ("WXBizMsgCrypt"), as used by WeCom callbacks and Official
 * Account safe mode: AES-256-CBC with IV = the first 16 key bytes, plaintext = random(16) +
 * length(4, big-endian) + message + receiveid, PKCS#7 padding to 32-byte blocks, and SHA-1
 * signatures over the sorted parameters.
 *
 * <p>Thread-safe. Errors are {@link CallbackRejected} whose messages never carry the token, the
 * key, a signature or any plaintext, because rejections are logged.
 */
public final class WxCrypto {
    /** The reference library pads to 32 bytes (not AES's 16), so JCE's PKCS5Padding cannot unpad it. */
    static final int BLOCK = 32;
    private static final int RANDOM_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String receiveId;
    private final byte[] receiveIdBytes;

    /**
     * @param token the callback token configured at the provider
     * @param encodingAesKey the 43-character EncodingAESKey
     * @param receiveId corpid (WeCom), appid (Official Account) or suite_id (third-party app)
     * @throws IllegalArgumentException on a missing value or a key that is not 43 base64
     *         characters decoding to 32 bytes; the message never repeats the key
     */
    public WxCrypto(String token, String encodingAesKey, String receiveId) {
        this.token = requireText(token, "token");
        this.receiveId = requireText(receiveId, "receiveId");
        this.receiveIdBytes = receiveId.getBytes(StandardCharsets.UTF_8);
        byte[] raw = aesKey(encodingAesKey);
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, 16));
    }

    private static byte[] aesKey(String encodingAesKey) {
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("EncodingAESKey must be 43 characters, got "
                    + (encodingAesKey == null ? "none" : encodingAesKey.length()));
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes the offending character; keep even that out
            throw new IllegalArgumentException("EncodingAESKey is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("EncodingAESKey must decode to 32 bytes");
        }
        return raw;
    }

    public String receiveId() {
        return receiveId;
    }

    /** Encrypts with a fresh random prefix, for passive replies and the provider sandbox. */
    public String encrypt(String plaintext) {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return encrypt(random, plaintext);
    }

    /** Deterministic form of {@link #encrypt(String)}: the official test vectors fix the random prefix. */
    String encrypt(byte[] random16, String plaintext) {
        if (random16.length != RANDOM_BYTES) {
            throw new IllegalArgumentException("random prefix must be 16 bytes");
        }
        byte[] msg = plaintext.getBytes(StandardCharsets.UTF_8);
        int length = RANDOM_BYTES + 4 + msg.length + receiveIdBytes.length;
        int pad = BLOCK - length % BLOCK; // 1..32: a full block of 32s when already aligned
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(random16).putInt(msg.length).put(msg).put(receiveIdBytes);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC unavailable: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decrypts an {@code Encrypt} value or an {@code echostr} and checks that it is addressed to
     * this receiveid. Verify the signature first: only then is a decryption failure more than noise.
     *
     * @throws CallbackRejected {@code MALFORMED} for garbage base64, a bad length or padding, or
     *         non-UTF-8 text; {@code WRONG_RECEIVER} when the receiveid differs
     */
    public String decrypt(String base64) {
        if (base64 == null || base64.isEmpty()) {
            throw new CallbackRejected(Reason.MALFORMED, "no ciphertext");
        }
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new CallbackRejected(Reason.MALFORMED, "ciphertext is not base64");
        }
        if (cipherText.length == 0 || cipherText.length % BLOCK != 0) {
            throw new CallbackRejected(Reason.MALFORMED, "ciphertext length is not a multiple of " + BLOCK);
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new CallbackRejected(Reason.MALFORMED, "ciphertext does not decrypt");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK) {
            throw new CallbackRejected(Reason.MALFORMED, "bad padding");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new CallbackRejected(Reason.MALFORMED, "bad padding");
            }
        }
        int end = plain.length - pad;
        if (end < RANDOM_BYTES + 4) {
            throw new CallbackRejected(Reason.MALFORMED, "plaintext too short");
        }
        int msgLength = ByteBuffer.wrap(plain, RANDOM_BYTES, 4).getInt();
        int msgStart = RANDOM_BYTES + 4;
        if (msgLength < 0 || msgLength > end - msgStart) {
            throw new CallbackRejected(Reason.MALFORMED, "bad message length");
        }
        int msgEnd = msgStart + msgLength;
        if (!Arrays.equals(plain, msgEnd, end, receiveIdBytes, 0, receiveIdBytes.length)) {
            throw new CallbackRejected(Reason.WRONG_RECEIVER, "receiveid does not match this account");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain, msgStart, msgLength))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CallbackRejected(Reason.MALFORMED, "message is not UTF-8");
        }
    }

    /** {@code msg_signature}: hex SHA-1 over the sorted token, timestamp, nonce and ciphertext. */
    public String signature(String timestamp, String nonce, String encrypt) {
        return sha1OfSorted(token, timestamp, nonce, encrypt);
    }

    /**
     * Checks a {@code msg_signature} in constant time.
     *
     * @throws CallbackRejected {@code BAD_SIGNATURE} when it is missing or does not match
     */
    public void verify(String msgSignature, String timestamp, String nonce, String encrypt) {
        if (!signaturesEqual(signature(timestamp, nonce, encrypt), msgSignature)) {
            throw new CallbackRejected(Reason.BAD_SIGNATURE, "msg_signature does not match");
        }
    }

    /** The Official Account plain-mode {@code signature}: hex SHA-1 over sorted token, timestamp, nonce. */
    public static String plainSignature(String token, String timestamp, String nonce) {
        return sha1OfSorted(token, timestamp, nonce);
    }

    /**
     * Compares an expected signature with a received one without leaking, through timing, how
     * much of it matched. Hex case is ignored; null never matches.
     */
    public static boolean signaturesEqual(String expected, String received) {
        if (expected == null || received == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
                received.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    static String sha1OfSorted(String... parts) {
        String[] sorted = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sorted[i] = parts[i] == null ? "" : parts[i];
        }
        Arrays.sort(sorted); // String order is the reference library's byte order for ASCII parameters
        StringBuilder joined = new StringBuilder();
        for (String part : sorted) {
            joined.append(part);
        }
        try {
            return hex(MessageDigest.getInstance("SHA-1").digest(joined.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    @Override
    public String toString() {
        return "WxCrypto[receiveId=" + receiveId + "]";
    }
}
