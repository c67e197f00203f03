package io.siyu.channel.email.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Unsubscribe links that verify themselves: the token carries the customer id and the address and
 * an HMAC-SHA256 over them and the channel, so checking a click needs no database and a token of
 * one account (or a changed address) is worth nothing elsewhere.
 */
final class UnsubscribeTokens {
    /** Who clicked: the customer Siyu knew at sending (0 when none) and the address the mail went to. */
    record Subject(long customerId, String address) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** 128 bits of the MAC: enough against guessing, short enough for a link. */
    private static final int MAC_BYTES = 16;

    private final byte[] key;
    private final String channel;

    UnsubscribeTokens(byte[] key, String channel) {
        this.key = key.clone();
        this.channel = channel;
    }

    String token(long customerId, String address) {
        String payload = customerId + ":" + address;
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(payload));
    }

    /** The subject of a genuine token of this channel; empty for anything else. */
    Optional<Subject> verify(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String payload = new String(B64D.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] given = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(given, mac(payload))) {
                return Optional.empty();
            }
            int colon = payload.indexOf(':');
            return Optional.of(new Subject(Long.parseLong(payload.substring(0, colon)), payload.substring(colon + 1)));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal((channel + "\n" + payload).getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[MAC_BYTES];
            System.arraycopy(full, 0, out, 0, MAC_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
